import NIOCore
import Testing

@testable import NATS

@Suite struct IdleWatchdogTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test func silenceForTheLimitIsIdleOncePerQuietPeriod() {
        var watchdog = IdleWatchdog(now: start)
        #expect(watchdog.watch(.seconds(2), now: start) == start + .seconds(2))
        #expect(watchdog.check(at: start + .seconds(2)) == .idle(checkAt: start + .seconds(4)))
        // The next report needs a whole new quiet period.
        #expect(watchdog.check(at: start + .seconds(3)) == .notYet(checkAt: start + .seconds(4)))
        #expect(watchdog.check(at: start + .seconds(4)) == .idle(checkAt: start + .seconds(6)))
    }

    @Test func activityPushesTheCheckBack() {
        var watchdog = IdleWatchdog(now: start)
        _ = watchdog.watch(.seconds(2), now: start)
        watchdog.activity(at: start + .milliseconds(1500))
        #expect(watchdog.check(at: start + .seconds(2)) == .notYet(checkAt: start + .milliseconds(3500)))
        #expect(watchdog.check(at: start + .milliseconds(3500)) == .idle(checkAt: start + .milliseconds(5500)))
    }

    @Test func watchingAgainRestartsThePeriodAndNilStops() {
        var watchdog = IdleWatchdog(now: start)
        _ = watchdog.watch(.seconds(1), now: start)
        #expect(watchdog.watch(.seconds(5), now: start + .seconds(10)) == start + .seconds(15))
        #expect(watchdog.check(at: start + .seconds(11)) == .notYet(checkAt: start + .seconds(15)))
        #expect(watchdog.watch(nil, now: start + .seconds(12)) == nil)
        #expect(watchdog.check(at: start + .seconds(100)) == .stopped)
    }

    @Test func stoppedNeverReports() {
        var watchdog = IdleWatchdog(now: start)
        #expect(watchdog.check(at: start + .seconds(100)) == .stopped)
        _ = watchdog.watch(.seconds(1), now: start)
        watchdog.stop()
        #expect(watchdog.check(at: start + .seconds(100)) == .stopped)
    }
}

import Aggregates
import Testing

@Suite struct PolicyLifecycleTests {
    typealias P = PolicyFixture

    /// Every legal move of the status machine, by transition.
    static let legal: [PolicyTransition: [PolicyStatus]] = [
        .submit: [.draft], .reject: [.underReview], .approve: [.underReview], .activate: [.approved, .suspended],
        .suspend: [.active], .revoke: [.active, .suspended], .archive: [.draft, .revoked],
    ]

    static func command(_ transition: PolicyTransition) -> PolicyCommand {
        .changeStatus(PolicyStatusChange(policyID: P.retention, transition: transition, actor: "bob", reason: "because", notes: "ok"))
    }

    @Test(arguments: PolicyTransition.allCases)
    func eachTransitionMovesExactlyItsSourcesToItsDestination(transition: PolicyTransition) {
        for status in PolicyStatus.allCases {
            let history = P.history(to: status)
            let result = P.given(history, when: Self.command(transition))
            if Self.legal[transition]?.contains(status) == true {
                #expect(result.events?.count == 1, "\(transition) from \(status)")
                let state = PolicyAggregate.replay(history + (result.events ?? []))
                #expect(state.policy?.status == transition.destination)
                #expect(state.version == history.count + 1)
            } else {
                #expect(result.code == .invalidTransition, "\(transition) from \(status)")
                #expect(result.message?.contains("it is \(status.rawValue), and \(status.rawValue) → \(transition.destination.rawValue) is not allowed") == true)
            }
        }
        #expect(transition.sources == Self.legal[transition])
    }

    @Test func approvingADraftSaysToSubmitFirst() {
        let result = P.given([P.created], when: .approve(P.retention, approvedBy: "bob"))
        #expect(result.code == .invalidTransition)
        #expect(result.field == "policy_id")
        #expect(result.message == "Cannot approve policy \(P.retention.text): it is Draft, and Draft → Approved is not allowed; "
            + "send policy.commands.submit first to put it UnderReview")
    }

    @Test func otherRefusalsNameTheMovesThatAreAllowed() {
        let result = P.given(P.history(to: .approved), when: .suspend(P.retention, reason: "x"))
        #expect(result.message == "Cannot suspend policy \(P.retention.text): it is Approved, and Approved → Suspended is not allowed (suspend moves Active to Suspended)")
    }

    @Test func approvalRecordsWhoWhenAndNotes() {
        let result = P.given(P.history(to: .underReview), when: .approve(P.retention, approvedBy: "bob", notes: "fine"))
        let change = PolicyStatusChange(policyID: P.retention, transition: .approve, actor: "bob", notes: "fine")
        #expect(result.events == [.statusChanged(change, at: P.t1)])
        let policy = PolicyAggregate.replay(P.history(to: .underReview) + (result.events ?? [])).policy
        #expect(policy?.approvedBy == "bob")
        #expect(policy?.approvedAt == P.t1)
        #expect(policy?.approvalNotes == "fine")
    }

    @Test func approvalNeedsAnApprover() {
        for approver in [nil, "", "  "] as [String?] {
            let command = PolicyCommand.changeStatus(PolicyStatusChange(policyID: P.retention, transition: .approve, actor: approver))
            let result = P.given(P.history(to: .underReview), when: command)
            #expect(result.code == .invalid)
            #expect(result.field == "approved_by")
        }
    }

    @Test func rejectSuspendAndRevokeNeedAReason() {
        let cases: [(PolicyStatus, PolicyCommand)] = [
            (.underReview, .reject(P.retention, reason: "")), (.active, .suspend(P.retention, reason: " ")), (.active, .revoke(P.retention, reason: "\n")),
            (.active, .changeStatus(PolicyStatusChange(policyID: P.retention, transition: .revoke))),
        ]
        for (status, command) in cases {
            let result = P.given(P.history(to: status), when: command)
            #expect(result.code == .emptyReason)
            #expect(result.field == "reason")
        }
    }

    @Test func aReasonOrNotesATransitionDoesNotTakeAreDropped() {
        let result = P.given(P.history(to: .approved), when: Self.command(.activate))
        #expect(result.events == [.statusChanged(PolicyStatusChange(policyID: P.retention, transition: .activate, actor: "bob"), at: P.t1)])
        let suspended = P.given(P.history(to: .active), when: Self.command(.suspend))
        #expect(suspended.events == [.statusChanged(PolicyStatusChange(policyID: P.retention, transition: .suspend, actor: "bob", reason: "because"), at: P.t1)])
        #expect(PolicyAggregate.replay(P.history(to: .active) + (suspended.events ?? [])).policy?.statusReason == "because")
    }

    @Test func aGivenActorMustNotBeBlank() {
        let result = P.given(P.history(to: .approved), when: .activate(P.retention, activatedBy: " "))
        #expect(result.code == .invalid)
        #expect(result.field == "activated_by")
    }

    @Test func aPolicyGoesBackAndForthBetweenActiveAndSuspended() {
        var history = P.history(to: .active)
        for command in [PolicyCommand.suspend(P.retention, reason: "audit"), .activate(P.retention), .suspend(P.retention, reason: "again"), .activate(P.retention)] {
            history += P.given(history, when: command).events ?? []
        }
        #expect(history.count == P.history(to: .active).count + 4)
        #expect(PolicyAggregate.replay(history).policy?.status == .active)
    }

    @Test func rejectionSendsAPolicyBackToDraftWhereItCanBeEditedAndResubmitted() {
        var history = P.history(to: .underReview)
        history += P.given(history, when: .reject(P.retention, reason: "too vague", rejectedBy: "bob")).events ?? []
        #expect(PolicyAggregate.replay(history).policy?.status == .draft)
        history += P.given(history, when: .update(PolicyChanges(policyID: P.retention, description: "Keep 7 years"))).events ?? []
        history += P.given(history, when: .submit(P.retention)).events ?? []
        history += P.given(history, when: .approve(P.retention, approvedBy: "bob")).events ?? []
        #expect(PolicyAggregate.replay(history).policy?.status == .approved)
        #expect(history.count == 6)
    }

    @Test func archivedIsTerminal() {
        for transition in PolicyTransition.allCases {
            #expect(P.given(P.history(to: .archived), when: Self.command(transition)).code == .invalidTransition)
        }
    }

    @Test func statusCommandsNeedAPolicy() {
        #expect(P.given([], when: .submit(P.retention)).code == .notFound)
        let exemption = P.given([P.granted(P.retention)], when: .activate(P.retention))
        #expect(exemption.code == .wrongKind)
        #expect(exemption.message == "\(P.retention.text) is an exemption, not a policy")
    }
}

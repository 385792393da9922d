/*
 * nats-c-bench: the reference peer for `cim-bench`, written against the C client nats.c
 * (Debian's libnats-dev). Same subcommands, flags and JSON keys as `cim-bench`:
 *
 *   nats-c-bench pubsub  --url URL [--msgs N] [--size BYTES] [--timeout S] [--json]
 *   nats-c-bench request --url URL [--requests N] [--warmup N] [--size BYTES] [--timeout S] [--json]
 *   nats-c-bench publish --url URL --mode sync|async [--window W] [--size BYTES] [--msgs N]
 *                        [--storage file|memory] [--stream NAME] [--timeout S] [--json]
 *   nats-c-bench consume --url URL [--msgs N] [--size BYTES] [--batch B] [--ack explicit|all|none]
 *                        [--storage file|memory] [--stream NAME] [--timeout S] [--json]
 *
 * Every run prints exactly one JSON object on one line on stdout, with "client":"nats.c", the
 * parameters, and either the figures or an "error" key (then the exit status is non-zero and a
 * message also goes to stderr). `--json` is accepted for symmetry with cim-bench; the output is
 * always JSON. `--url` defaults to $NATS_URL, then nats://127.0.0.1:4222. For publish, `--batch`
 * is accepted and ignored (batch mode is not implemented here: `--mode batch` is an error).
 *
 * pubsub:  one publisher connection and one subscriber connection (async subscription, no pending
 *          limits). pub_msgs_per_sec = N / (first publish .. last publish + flush round trip);
 *          sub_msgs_per_sec = N / (first message received .. last message received).
 * request: a responder connection (echoes the payload back) and a requester connection, both with
 *          natsOptions_SetSendAsap; sequential natsConnection_Request calls; `--warmup` requests
 *          (default 1000) are not measured. Percentiles are nearest-rank over the sorted
 *          per-request latencies.
 * publish: deletes and recreates stream BENCH (subjects bench.>), publishes N messages to
 *          bench.publish, waits for all acks, reads the stream's message count back as `stored`,
 *          deletes the stream. sync: js_Publish, latency = the call. async: js_PublishAsync with
 *          PublishAsync.MaxPending = window; latency = from just before the js_PublishAsync call
 *          (so it includes any stall waiting for window room) to the ack callback; the ack is
 *          matched to its publish by its stream sequence (the stream is fresh, and one connection
 *          publishes in order, so sequence k is the k-th publish).
 * consume: deletes and recreates stream BENCH (subjects bench.>) and fills it, untimed, with N
 *          messages on bench.consume (js_PublishAsync, MaxPending 1024, then
 *          js_PublishAsyncComplete; the stream's message count must then be N). Creates the durable
 *          pull consumer "bench" (js_AddConsumer: FilterSubject bench.consume, AckPolicy from --ack,
 *          MaxAckPending max(2 * batch, 1000) so that it never limits a fetch) and binds to it with
 *          js_PullSubscribe (jsSubOptions.Stream/Consumer). Timed: natsSubscription_Fetch of
 *          min(batch, messages left) until N messages are received (each fetch waits at most 5 s);
 *          explicit: natsMsg_Ack on every message, all: natsMsg_Ack on the last message of each
 *          fetched batch, none: no ack; then, when acking, a flush so that the acks have reached the
 *          server (the flush is inside the timed span, as in cim-bench). msgs_per_sec = N / that span.
 *          Then reads the consumer's info: ack_floor (AckFloor.Stream) and num_ack_pending; when
 *          acking, ack_floor must reach N within 2 s (the server applies acks asynchronously).
 *          Deletes the stream. `--api fetch` is accepted for flag compatibility with cim-bench
 *          (`--api consume` is an error: not implemented here).
 *
 * Build: perf/cpeer/build.sh (cc -std=c11 -O2 -Wall -Wextra ... -lnats).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <nats/nats.h>

/* ------------------------------------------------------------------------------------------ */
/* Clock, output                                                                              */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The JSON object is built up in this buffer and printed once at the end. */
static char   out_buf[8192];
static size_t out_len;

static void out_add(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out_buf + out_len, sizeof(out_buf) - out_len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        out_len += (size_t) n;
        if (out_len >= sizeof(out_buf))
            out_len = sizeof(out_buf) - 1;
    }
}

static void out_str(const char *key, const char *value)
{
    out_add(",\"%s\":\"", key);
    for (const unsigned char *p = (const unsigned char *) (value ? value : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            out_add("\\%c", *p);
        else if (*p < 0x20)
            out_add("\\u%04x", *p);
        else
            out_add("%c", *p);
    }
    out_add("\"");
}

static void out_int(const char *key, int64_t value) { out_add(",\"%s\":%" PRId64, key, value); }
static void out_num(const char *key, double value)  { out_add(",\"%s\":%.1f", key, value); }

static void out_print(void)
{
    printf("%s}\n", out_buf);
    fflush(stdout);
}

/* Prints the JSON object with an "error" key, the message on stderr, and exits. */
static void fail(int code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "nats-c-bench: %s\n", msg);
    out_str("error", msg);
    out_print();
    exit(code);
}

static void check(natsStatus s, const char *what)
{
    if (s != NATS_OK) {
        const char *last = nats_GetLastError(NULL);
        fail(1, "%s: %s%s%s", what, natsStatus_GetText(s), last ? " - " : "", last ? last : "");
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Flags                                                                                      */

typedef struct {
    const char *command;
    const char *url;
    int64_t     msgs;       /* pubsub, publish, consume */
    int64_t     requests;   /* request */
    int64_t     warmup;     /* request */
    int64_t     size;
    int64_t     window;     /* publish async */
    const char *mode;       /* publish */
    const char *storage;    /* publish, consume */
    const char *stream;     /* publish, consume */
    int64_t     batch;      /* consume (accepted and ignored by publish) */
    const char *ack;        /* consume: explicit, all or none */
    int64_t     timeout_s;  /* bound on every wait */
} params;

static void usage(FILE *f)
{
    fputs("usage:\n"
          "  nats-c-bench pubsub  [--url URL] [--msgs N] [--size BYTES] [--timeout S] [--json]\n"
          "  nats-c-bench request [--url URL] [--requests N] [--warmup N] [--size BYTES] [--timeout S] [--json]\n"
          "  nats-c-bench publish [--url URL] --mode sync|async [--window W] [--size BYTES] [--msgs N]\n"
          "                       [--storage file|memory] [--stream NAME] [--timeout S] [--json]\n"
          "  nats-c-bench consume [--url URL] [--msgs N] [--size BYTES] [--batch B] [--ack explicit|all|none]\n"
          "                       [--storage file|memory] [--stream NAME] [--timeout S] [--json]\n"
          "Prints one JSON object on stdout. --url defaults to $NATS_URL, then nats://127.0.0.1:4222.\n",
          f);
}

static int64_t parse_count(const char *flag, const char *v, int64_t min)
{
    char *end = NULL;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < min)
        fail(2, "bad value for %s: '%s' (an integer >= %" PRId64 " is expected)", flag, v, min);
    return (int64_t) n;
}

static void parse_args(params *p, int argc, char **argv)
{
    const char *env = getenv("NATS_URL");
    memset(p, 0, sizeof(*p));
    p->command   = "";
    p->url       = (env && *env) ? env : "nats://127.0.0.1:4222";
    p->size      = 128;
    p->requests  = 10000;
    p->warmup    = 1000;
    p->window    = 1024;
    p->mode      = "";
    p->storage   = "file";
    p->stream    = "BENCH";
    p->batch     = 1024;
    p->ack       = "explicit";
    p->timeout_s = 60;

    out_add("{\"client\":\"nats.c\"");

    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        if (argc < 2)
            fail(2, "missing subcommand (pubsub, request, publish or consume)");
        exit(0);
    }
    p->command = argv[1];
    bool is_pubsub = strcmp(p->command, "pubsub") == 0;
    bool is_request = strcmp(p->command, "request") == 0;
    bool is_publish = strcmp(p->command, "publish") == 0;
    bool is_consume = strcmp(p->command, "consume") == 0;
    if (!is_pubsub && !is_request && !is_publish && !is_consume) {
        usage(stderr);
        fail(2, "unknown subcommand '%s' (pubsub, request, publish or consume)", p->command);
    }
    const char *api = "fetch";  /* consume: only the fetch API is implemented */
    p->msgs = is_pubsub ? 1000000 : 100000;

    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        char flag[64];
        const char *value = NULL;
        const char *eq = strchr(a, '=');

        if (strncmp(a, "--", 2) != 0)
            fail(2, "unexpected argument '%s'", a);
        if (eq != NULL) {
            size_t n = (size_t) (eq - a);
            if (n >= sizeof(flag))
                fail(2, "unknown flag '%s'", a);
            memcpy(flag, a, n);
            flag[n] = '\0';
            value = eq + 1;
        } else {
            snprintf(flag, sizeof(flag), "%s", a);
        }

        if (strcmp(flag, "--help") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(flag, "--json") == 0) {
            if (value != NULL)
                fail(2, "--json takes no value");
            continue;
        }
        if (value == NULL) {
            if (i + 1 >= argc)
                fail(2, "flag %s needs a value", flag);
            value = argv[++i];
        }

        if (strcmp(flag, "--url") == 0)
            p->url = value;
        else if (strcmp(flag, "--size") == 0)
            p->size = parse_count(flag, value, 0);
        else if (strcmp(flag, "--timeout") == 0)
            p->timeout_s = parse_count(flag, value, 1);
        else if (strcmp(flag, "--msgs") == 0 && (is_pubsub || is_publish || is_consume))
            p->msgs = parse_count(flag, value, 1);
        else if (strcmp(flag, "--requests") == 0 && is_request)
            p->requests = parse_count(flag, value, 1);
        else if (strcmp(flag, "--warmup") == 0 && is_request)
            p->warmup = parse_count(flag, value, 0);
        else if (strcmp(flag, "--mode") == 0 && is_publish)
            p->mode = value;
        else if (strcmp(flag, "--window") == 0 && is_publish)
            p->window = parse_count(flag, value, 1);
        else if (strcmp(flag, "--batch") == 0 && (is_publish || is_consume))
            p->batch = parse_count(flag, value, 1); /* publish: accepted for flag compatibility, unused */
        else if (strcmp(flag, "--ack") == 0 && is_consume)
            p->ack = value;
        else if (strcmp(flag, "--api") == 0 && is_consume)
            api = value;                            /* accepted for flag compatibility with cim-bench */
        else if (strcmp(flag, "--storage") == 0 && (is_publish || is_consume))
            p->storage = value;
        else if (strcmp(flag, "--stream") == 0 && (is_publish || is_consume))
            p->stream = value;
        else
            fail(2, "unknown flag '%s' for %s", flag, p->command);
    }
    if (p->size > 64 * 1024 * 1024)
        fail(2, "--size %" PRId64 " is too large", p->size);

    out_str("command", p->command);
    out_str("url", p->url);
    out_int("size", p->size);
    if (is_pubsub) {
        out_int("msgs", p->msgs);
    } else if (is_request) {
        out_int("requests", p->requests);
        out_int("warmup", p->warmup);
    } else if (is_consume) {
        out_int("msgs", p->msgs);
        out_int("batch", p->batch);
        out_str("ack", p->ack);
        out_str("storage", p->storage);
        out_str("stream", p->stream);
        if (strcmp(p->ack, "explicit") != 0 && strcmp(p->ack, "all") != 0 && strcmp(p->ack, "none") != 0)
            fail(2, "--ack must be explicit, all or none, got '%s'", p->ack);
        if (strcmp(p->storage, "file") != 0 && strcmp(p->storage, "memory") != 0)
            fail(2, "--storage must be file or memory, got '%s'", p->storage);
        /* natsSubscription_Fetch takes an int and allocates an array of `batch` pointers. */
        if (p->batch > 1000000)
            fail(2, "--batch %" PRId64 " is too large (at most 1000000)", p->batch);
        if (strcmp(api, "fetch") != 0)
            fail(2, "--api must be fetch (the continuous consume API is not implemented in the C peer), got '%s'",
                 api);
    } else {
        out_str("mode", p->mode);
        out_int("msgs", p->msgs);
        if (strcmp(p->mode, "async") == 0)
            out_int("window", p->window);
        out_str("storage", p->storage);
        out_str("stream", p->stream);
        if (*p->mode == '\0')
            fail(2, "--mode sync|async is required");
        if (strcmp(p->mode, "sync") != 0 && strcmp(p->mode, "async") != 0)
            fail(2, "--mode must be sync or async (batch is not implemented in the C peer), got '%s'",
                 p->mode);
        if (strcmp(p->storage, "file") != 0 && strcmp(p->storage, "memory") != 0)
            fail(2, "--storage must be file or memory, got '%s'", p->storage);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                    */

static natsConnection *connect_to(const params *p, const char *name, bool send_asap)
{
    natsOptions    *opts = NULL;
    natsConnection *nc   = NULL;

    check(natsOptions_Create(&opts), "natsOptions_Create");
    check(natsOptions_SetURL(opts, p->url), "natsOptions_SetURL");
    check(natsOptions_SetName(opts, name), "natsOptions_SetName");
    check(natsOptions_SetTimeout(opts, 5000), "natsOptions_SetTimeout");
    /* A benchmark must not silently reconnect and carry on. */
    check(natsOptions_SetAllowReconnect(opts, false), "natsOptions_SetAllowReconnect");
    if (send_asap)
        check(natsOptions_SetSendAsap(opts, true), "natsOptions_SetSendAsap");
    natsStatus s = natsConnection_Connect(&nc, opts);
    natsOptions_Destroy(opts);
    if (s != NATS_OK) {
        const char *last = nats_GetLastError(NULL);
        fail(1, "cannot connect to %s: %s%s%s", p->url, natsStatus_GetText(s),
             last ? " - " : "", last ? last : "");
    }
    return nc;
}

static char *make_payload(int64_t size)
{
    char *data = malloc(size > 0 ? (size_t) size : 1);
    if (data == NULL)
        fail(1, "out of memory");
    for (int64_t i = 0; i < size; i++)
        data[i] = (char) ('a' + i % 26);
    return data;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array, in microseconds. */
static double pct_us(const int64_t *sorted, int64_t n, double p)
{
    if (n <= 0)
        return 0.0;
    double rank = p * (double) n;
    int64_t idx = (int64_t) rank;
    if ((double) idx < rank)
        idx++;          /* ceil */
    idx -= 1;
    if (idx < 0)
        idx = 0;
    if (idx >= n)
        idx = n - 1;
    return (double) sorted[idx] / 1000.0;
}

static double rate(int64_t n, int64_t ns) { return ns > 0 ? (double) n * 1e9 / (double) ns : 0.0; }

/* A random-ish token so that concurrent runs on one server do not see each other's messages. */
static void unique_subject(char *buf, size_t len, const char *prefix)
{
    snprintf(buf, len, "%s.%ld.%" PRId64, prefix, (long) getpid(), (int64_t) (now_ns() % 1000000007));
}

/* ------------------------------------------------------------------------------------------ */
/* pubsub                                                                                     */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t  cond;
    bool            done;
    int64_t         expected;
    atomic_llong    received;
    int64_t         first_ns;
    int64_t         last_ns;
} sub_state;

static void on_bench_msg(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void) nc;
    (void) sub;
    sub_state *st = closure;
    long long n = atomic_fetch_add_explicit(&st->received, 1, memory_order_relaxed) + 1;
    if (n == 1)
        st->first_ns = now_ns();
    if (n == st->expected) {
        st->last_ns = now_ns();
        pthread_mutex_lock(&st->mu);
        st->done = true;
        pthread_cond_signal(&st->cond);
        pthread_mutex_unlock(&st->mu);
    }
    natsMsg_Destroy(msg);
}

static int run_pubsub(const params *p)
{
    char subject[128];
    unique_subject(subject, sizeof(subject), "perf.pubsub");
    char *data = make_payload(p->size);

    sub_state st;
    memset(&st, 0, sizeof(st));
    pthread_mutex_init(&st.mu, NULL);
    pthread_cond_init(&st.cond, NULL);
    st.expected = p->msgs;
    atomic_init(&st.received, 0);

    natsConnection *sub_nc = connect_to(p, "nats-c-bench-sub", false);
    natsConnection *pub_nc = connect_to(p, "nats-c-bench-pub", false);

    natsSubscription *sub = NULL;
    check(natsConnection_Subscribe(&sub, sub_nc, subject, on_bench_msg, &st), "subscribe");
    check(natsSubscription_SetPendingLimits(sub, -1, -1), "natsSubscription_SetPendingLimits");
    /* The SUB must reach the server before the first PUB. */
    check(natsConnection_FlushTimeout(sub_nc, 5000), "flush subscriber");

    /* One bound, --timeout seconds, for the whole run: publishing, flushing and receiving. */
    int64_t t0 = now_ns();
    int64_t bound = t0 + p->timeout_s * 1000000000LL;
    for (int64_t i = 0; i < p->msgs; i++) {
        check(natsConnection_Publish(pub_nc, subject, data, (int) p->size), "publish");
        if ((i & 4095) == 4095 && now_ns() > bound)
            fail(1, "timed out after %" PRId64 " s: published %" PRId64 " of %" PRId64 " messages",
                 p->timeout_s, i + 1, p->msgs);
    }
    int64_t left_ms = (bound - now_ns()) / 1000000;
    check(natsConnection_FlushTimeout(pub_nc, left_ms > 1 ? left_ms : 1), "flush publisher");
    int64_t t1 = now_ns();

    int64_t left_ns = bound - now_ns();
    if (left_ns < 0)
        left_ns = 0;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += (time_t) (left_ns / 1000000000LL);
    deadline.tv_nsec += (long) (left_ns % 1000000000LL);
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec += 1;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&st.mu);
    int rc = 0;
    while (!st.done && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&st.cond, &st.mu, &deadline);
    bool done = st.done;
    pthread_mutex_unlock(&st.mu);

    int64_t received = atomic_load(&st.received);
    int64_t dropped = 0;
    natsSubscription_GetDropped(sub, &dropped);

    out_int("sent", p->msgs);
    out_int("received", received);
    out_int("dropped", dropped);
    if (!done)
        fail(1, "timed out after %" PRId64 " s in all: received %" PRId64 " of %" PRId64 " messages",
             p->timeout_s, received, p->msgs);

    out_num("pub_msgs_per_sec", rate(p->msgs, t1 - t0));
    out_num("sub_msgs_per_sec", rate(p->msgs, st.last_ns - st.first_ns));
    out_num("pub_elapsed_ms", (double) (t1 - t0) / 1e6);
    out_num("sub_elapsed_ms", (double) (st.last_ns - st.first_ns) / 1e6);

    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
    natsConnection_Destroy(pub_nc);
    natsConnection_Destroy(sub_nc);
    free(data);
    /* A count that overshoots (someone else publishing on our subject) is also a failure. */
    received = atomic_load(&st.received);
    if (received != p->msgs)
        fail(1, "received %" PRId64 " messages, sent %" PRId64, received, p->msgs);
    out_print();
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* request                                                                                    */

static void on_request(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void) sub;
    (void) closure;
    const char *reply = natsMsg_GetReply(msg);
    if (reply != NULL)
        natsConnection_Publish(nc, reply, natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
    natsMsg_Destroy(msg);
}

static void one_request(natsConnection *nc, const char *subject, const char *data, int size,
                        int64_t timeout_ms)
{
    natsMsg *reply = NULL;
    natsStatus s = natsConnection_Request(&reply, nc, subject, data, size, timeout_ms);
    check(s, "request");
    if (natsMsg_GetDataLength(reply) != size)
        fail(1, "reply has %d bytes, expected %d", natsMsg_GetDataLength(reply), size);
    natsMsg_Destroy(reply);
}

static int run_request(const params *p)
{
    char subject[128];
    unique_subject(subject, sizeof(subject), "perf.request");
    char *data = make_payload(p->size);
    int64_t timeout_ms = 5000;

    natsConnection *resp_nc = connect_to(p, "nats-c-bench-responder", true);
    natsConnection *req_nc  = connect_to(p, "nats-c-bench-requester", true);

    natsSubscription *sub = NULL;
    check(natsConnection_Subscribe(&sub, resp_nc, subject, on_request, NULL), "subscribe");
    check(natsSubscription_SetPendingLimits(sub, -1, -1), "natsSubscription_SetPendingLimits");
    check(natsConnection_FlushTimeout(resp_nc, 5000), "flush responder");

    for (int64_t i = 0; i < p->warmup; i++)
        one_request(req_nc, subject, data, (int) p->size, timeout_ms);

    int64_t *lat = malloc((size_t) p->requests * sizeof(int64_t));
    if (lat == NULL)
        fail(1, "out of memory");
    int64_t t0 = now_ns();
    int64_t bound = t0 + p->timeout_s * 1000000000LL;
    for (int64_t i = 0; i < p->requests; i++) {
        int64_t a = now_ns();
        one_request(req_nc, subject, data, (int) p->size, timeout_ms);
        int64_t b = now_ns();
        lat[i] = b - a;
        if (b > bound)
            fail(1, "timed out after %" PRId64 " s: %" PRId64 " of %" PRId64 " requests done",
                 p->timeout_s, i + 1, p->requests);
    }
    int64_t t1 = now_ns();

    qsort(lat, (size_t) p->requests, sizeof(int64_t), cmp_i64);
    out_num("p50_us", pct_us(lat, p->requests, 0.50));
    out_num("p90_us", pct_us(lat, p->requests, 0.90));
    out_num("p99_us", pct_us(lat, p->requests, 0.99));
    out_num("p999_us", pct_us(lat, p->requests, 0.999));
    out_num("max_us", (double) lat[p->requests - 1] / 1000.0);
    out_num("min_us", (double) lat[0] / 1000.0);
    out_num("requests_per_sec", rate(p->requests, t1 - t0));

    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
    natsConnection_Destroy(req_nc);
    natsConnection_Destroy(resp_nc);
    free(lat);
    free(data);
    out_print();
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* publish                                                                                    */

typedef struct {
    const int64_t *pub_ns;   /* written by the publishing thread before each publish call */
    int64_t       *ack_ns;   /* written by the ack handler, index = sequence - base - 1 */
    int64_t        n;
    uint64_t       base_seq; /* last sequence of the stream before publishing (0 when fresh) */
    atomic_llong   acked;
    atomic_llong   errors;
    atomic_llong   unmatched;
    char           first_error[256];
    atomic_bool    have_error;
} ack_state;

static void on_pub_ack(jsCtx *js, natsMsg *msg, jsPubAck *pa, jsPubAckErr *pae, void *closure)
{
    (void) js;
    int64_t t = now_ns();
    ack_state *st = closure;
    if (pa != NULL) {
        uint64_t seq = pa->Sequence;
        if (seq > st->base_seq && seq - st->base_seq <= (uint64_t) st->n && !pa->Duplicate)
            st->ack_ns[seq - st->base_seq - 1] = t;
        else
            atomic_fetch_add(&st->unmatched, 1);
        atomic_fetch_add(&st->acked, 1);
    } else {
        atomic_fetch_add(&st->errors, 1);
        bool expected = false;
        if (pae != NULL && atomic_compare_exchange_strong(&st->have_error, &expected, true))
            snprintf(st->first_error, sizeof(st->first_error), "%s (err_code %d)",
                     pae->ErrText ? pae->ErrText : natsStatus_GetText(pae->Err), (int) pae->ErrCode);
    }
    natsMsg_Destroy(msg);
}

static void delete_stream(jsCtx *js, const char *name)
{
    jsErrCode jerr = 0;
    natsStatus s = js_DeleteStream(js, name, NULL, &jerr);
    if (s != NATS_OK && jerr != JSStreamNotFoundErr && s != NATS_NOT_FOUND)
        check(s, "js_DeleteStream");
}

/* Deletes stream p->stream if it exists and creates it afresh (subjects bench.>, storage from
 * --storage, one replica). Returns the new stream's last sequence (0 when fresh). */
static uint64_t recreate_stream(jsCtx *js, const params *p)
{
    delete_stream(js, p->stream);
    const char *subjects[] = { "bench.>" };
    jsStreamConfig cfg;
    check(jsStreamConfig_Init(&cfg), "jsStreamConfig_Init");
    cfg.Name = p->stream;
    cfg.Subjects = subjects;
    cfg.SubjectsLen = 1;
    cfg.Storage = strcmp(p->storage, "memory") == 0 ? js_MemoryStorage : js_FileStorage;
    cfg.Replicas = 1;
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_AddStream(&si, js, &cfg, NULL, &jerr);
    if (s != NATS_OK)
        fail(1, "js_AddStream %s: %s (err_code %d) %s", p->stream, natsStatus_GetText(s), (int) jerr,
             nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "");
    uint64_t last_seq = si->State.LastSeq;
    jsStreamInfo_Destroy(si);
    return last_seq;
}

static int run_publish(const params *p)
{
    bool async = strcmp(p->mode, "async") == 0;
    const char *subject = "bench.publish";
    char *data = make_payload(p->size);
    int64_t n = p->msgs;

    int64_t *pub_ns = calloc((size_t) n, sizeof(int64_t));
    int64_t *lat    = calloc((size_t) n, sizeof(int64_t));
    if (pub_ns == NULL || lat == NULL)
        fail(1, "out of memory");

    ack_state st;
    memset(&st, 0, sizeof(st));
    st.pub_ns = pub_ns;
    st.ack_ns = lat;    /* ack times land here, then become latencies in place */
    st.n = n;
    atomic_init(&st.acked, 0);
    atomic_init(&st.errors, 0);
    atomic_init(&st.unmatched, 0);
    atomic_init(&st.have_error, false);

    natsConnection *nc = connect_to(p, "nats-c-bench-publish", false);

    jsOptions jo;
    check(jsOptions_Init(&jo), "jsOptions_Init");
    jo.Wait = p->timeout_s * 1000;
    if (async) {
        jo.PublishAsync.MaxPending = p->window;
        jo.PublishAsync.AckHandler = on_pub_ack;
        jo.PublishAsync.AckHandlerClosure = &st;
        /* A stall waits for window room; only give up at the overall bound. */
        jo.PublishAsync.StallWait = p->timeout_s * 1000;
    }
    jsCtx *js = NULL;
    check(natsConnection_JetStream(&js, nc, &jo), "natsConnection_JetStream");

    /* A fresh stream. */
    st.base_seq = recreate_stream(js, p);
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s;

    int64_t acked = 0, errors = 0;
    int64_t t0 = now_ns();
    int64_t bound = t0 + p->timeout_s * 1000000000LL;
    if (!async) {
        for (int64_t i = 0; i < n; i++) {
            jsPubAck *pa = NULL;
            jerr = 0;
            int64_t a = now_ns();
            s = js_Publish(&pa, js, subject, data, (int) p->size, NULL, &jerr);
            int64_t b = now_ns();
            if (s != NATS_OK)
                fail(1, "js_Publish #%" PRId64 ": %s (err_code %d)", i + 1, natsStatus_GetText(s), (int) jerr);
            jsPubAck_Destroy(pa);
            lat[i] = b - a;
            acked++;
            if (b > bound)
                fail(1, "timed out after %" PRId64 " s: %" PRId64 " of %" PRId64 " published",
                     p->timeout_s, i + 1, n);
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            pub_ns[i] = now_ns();
            s = js_PublishAsync(js, subject, data, (int) p->size, NULL);
            if (s != NATS_OK)
                fail(1, "js_PublishAsync #%" PRId64 ": %s %s", i + 1, natsStatus_GetText(s),
                     nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "");
            if (pub_ns[i] > bound)
                fail(1, "timed out after %" PRId64 " s: %" PRId64 " of %" PRId64 " published",
                     p->timeout_s, i + 1, n);
        }
        jsPubOptions po;
        check(jsPubOptions_Init(&po), "jsPubOptions_Init");
        int64_t left_ms = (bound - now_ns()) / 1000000;
        po.MaxWait = left_ms > 1000 ? left_ms : 1000;
        s = js_PublishAsyncComplete(js, &po);
        if (s == NATS_TIMEOUT)
            fail(1, "timed out waiting for acks: %lld of %" PRId64 " acknowledged",
                 (long long) atomic_load(&st.acked), n);
        check(s, "js_PublishAsyncComplete");
        /* The library decrements its pending count after the ack handler returns, so every
         * handler has finished here. */
        acked = atomic_load(&st.acked);
        errors = atomic_load(&st.errors);
    }
    int64_t t1 = now_ns();

    jerr = 0;
    s = js_GetStreamInfo(&si, js, p->stream, NULL, &jerr);
    if (s != NATS_OK)
        fail(1, "js_GetStreamInfo %s: %s (err_code %d)", p->stream, natsStatus_GetText(s), (int) jerr);
    int64_t stored = (int64_t) si->State.Msgs;
    jsStreamInfo_Destroy(si);

    out_int("acknowledged", acked);
    out_int("errors", errors);
    out_int("stored", stored);
    if (errors > 0)
        fail(1, "%" PRId64 " publishes failed, first: %s", errors, st.first_error);
    if (acked != n)
        fail(1, "%" PRId64 " of %" PRId64 " publishes acknowledged", acked, n);
    if (async && atomic_load(&st.unmatched) > 0)
        fail(1, "%lld acks could not be matched to a publish by sequence",
             (long long) atomic_load(&st.unmatched));

    int64_t nlat = n;
    if (async) {
        for (int64_t i = 0; i < n; i++)
            lat[i] -= pub_ns[i];
    }
    qsort(lat, (size_t) nlat, sizeof(int64_t), cmp_i64);

    out_num("msgs_per_sec", rate(n, t1 - t0));
    out_num("p50_us", pct_us(lat, nlat, 0.50));
    out_num("p90_us", pct_us(lat, nlat, 0.90));
    out_num("p99_us", pct_us(lat, nlat, 0.99));
    out_num("max_us", (double) lat[nlat - 1] / 1000.0);
    out_num("elapsed_ms", (double) (t1 - t0) / 1e6);

    delete_stream(js, p->stream);
    jsCtx_Destroy(js);
    natsConnection_Destroy(nc);
    free(pub_ns);
    free(lat);
    free(data);
    if (stored != acked)
        fail(1, "stream holds %" PRId64 " messages but %" PRId64 " were acknowledged", stored, acked);
    out_print();
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* consume                                                                                    */

typedef struct {
    atomic_llong errors;
    atomic_bool  have_error;
    char         first_error[256];
} fill_state;

static void on_fill_error(jsCtx *js, jsPubAckErr *pae, void *closure)
{
    (void) js;
    fill_state *st = closure;
    atomic_fetch_add(&st->errors, 1);
    bool expected = false;
    if (atomic_compare_exchange_strong(&st->have_error, &expected, true))
        snprintf(st->first_error, sizeof(st->first_error), "%s (err_code %d)",
                 pae->ErrText ? pae->ErrText : natsStatus_GetText(pae->Err), (int) pae->ErrCode);
    /* The library destroys pae->Msg after this returns. */
}

static void consumer_state(jsCtx *js, const params *p, const char *name, uint64_t *ack_floor,
                           int64_t *ack_pending)
{
    jsConsumerInfo *ci = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetConsumerInfo(&ci, js, p->stream, name, NULL, &jerr);
    if (s != NATS_OK)
        fail(1, "js_GetConsumerInfo %s/%s: %s (err_code %d)", p->stream, name, natsStatus_GetText(s),
             (int) jerr);
    *ack_floor = ci->AckFloor.Stream;
    *ack_pending = ci->NumAckPending;
    jsConsumerInfo_Destroy(ci);
}

static int run_consume(const params *p)
{
    const char *subject  = "bench.consume";
    const char *consumer = "bench";
    bool ack_explicit = strcmp(p->ack, "explicit") == 0;
    bool ack_all      = strcmp(p->ack, "all") == 0;
    bool acking       = ack_explicit || ack_all;
    int64_t n = p->msgs;
    int64_t fetch_wait_ms = 5000;
    char *data = make_payload(p->size);

    fill_state fs;
    memset(&fs, 0, sizeof(fs));
    atomic_init(&fs.errors, 0);
    atomic_init(&fs.have_error, false);

    natsConnection *nc = connect_to(p, "nats-c-bench-consume", false);

    jsOptions jo;
    check(jsOptions_Init(&jo), "jsOptions_Init");
    jo.Wait = p->timeout_s * 1000;
    jo.PublishAsync.MaxPending = 1024;
    jo.PublishAsync.ErrHandler = on_fill_error;
    jo.PublishAsync.ErrHandlerClosure = &fs;
    jo.PublishAsync.StallWait = p->timeout_s * 1000;
    jsCtx *js = NULL;
    check(natsConnection_JetStream(&js, nc, &jo), "natsConnection_JetStream");

    /* A fresh stream, filled (not timed). */
    (void) recreate_stream(js, p);
    int64_t fill_bound = now_ns() + p->timeout_s * 1000000000LL;
    for (int64_t i = 0; i < n; i++) {
        natsStatus s = js_PublishAsync(js, subject, data, (int) p->size, NULL);
        if (s != NATS_OK)
            fail(1, "filling the stream: js_PublishAsync #%" PRId64 ": %s %s", i + 1, natsStatus_GetText(s),
                 nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "");
        if ((i & 1023) == 1023 && now_ns() > fill_bound)
            fail(1, "timed out after %" PRId64 " s filling the stream: %" PRId64 " of %" PRId64 " published",
                 p->timeout_s, i + 1, n);
    }
    jsPubOptions po;
    check(jsPubOptions_Init(&po), "jsPubOptions_Init");
    int64_t left_ms = (fill_bound - now_ns()) / 1000000;
    po.MaxWait = left_ms > 1000 ? left_ms : 1000;
    natsStatus s = js_PublishAsyncComplete(js, &po);
    if (s == NATS_TIMEOUT)
        fail(1, "timed out waiting for the fill's publish acks");
    check(s, "js_PublishAsyncComplete");
    if (atomic_load(&fs.errors) > 0)
        fail(1, "filling the stream: %lld publishes failed, first: %s", (long long) atomic_load(&fs.errors),
             fs.first_error);
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    s = js_GetStreamInfo(&si, js, p->stream, NULL, &jerr);
    if (s != NATS_OK)
        fail(1, "js_GetStreamInfo %s: %s (err_code %d)", p->stream, natsStatus_GetText(s), (int) jerr);
    int64_t stored = (int64_t) si->State.Msgs;
    jsStreamInfo_Destroy(si);
    if (stored != n)
        fail(1, "the stream holds %" PRId64 " messages after filling, expected %" PRId64, stored, n);

    /* The durable pull consumer, then a pull subscription bound to it. */
    jsConsumerConfig cc;
    check(jsConsumerConfig_Init(&cc), "jsConsumerConfig_Init");
    cc.Durable = consumer;
    cc.AckPolicy = ack_explicit ? js_AckExplicit : ack_all ? js_AckAll : js_AckNone;
    cc.MaxAckPending = 2 * p->batch > 1000 ? 2 * p->batch : 1000;
    cc.FilterSubject = subject;
    jsConsumerInfo *ci = NULL;
    jerr = 0;
    s = js_AddConsumer(&ci, js, p->stream, &cc, NULL, &jerr);
    if (s != NATS_OK)
        fail(1, "js_AddConsumer %s/%s: %s (err_code %d) %s", p->stream, consumer, natsStatus_GetText(s),
             (int) jerr, nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "");
    jsConsumerInfo_Destroy(ci);

    jsSubOptions so;
    check(jsSubOptions_Init(&so), "jsSubOptions_Init");
    so.Stream = p->stream;
    so.Consumer = consumer;
    natsSubscription *sub = NULL;
    jerr = 0;
    s = js_PullSubscribe(&sub, js, subject, NULL, NULL, &so, &jerr);
    if (s != NATS_OK)
        fail(1, "js_PullSubscribe bound to %s/%s: %s (err_code %d) %s", p->stream, consumer,
             natsStatus_GetText(s), (int) jerr, nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "");
    /* No client-side pending limits: a fetch of `batch` messages must never be dropped as a slow
     * consumer. (nats.c raises the limits itself only when MaxAckPending exceeds 65536, and then
     * computes the byte limit as MaxAckPending * 1 MiB truncated to an int.) */
    check(natsSubscription_SetPendingLimits(sub, -1, -1), "natsSubscription_SetPendingLimits");

    /* Timed: fetch (and ack) until N messages have been received. */
    int64_t received = 0;
    int64_t t0 = now_ns();
    int64_t bound = t0 + p->timeout_s * 1000000000LL;
    while (received < n) {
        /* Never ask for more than is left (as cim-bench does). */
        int want = (int) (n - received < p->batch ? n - received : p->batch);
        int64_t wait_ms = (bound - now_ns()) / 1000000;
        if (wait_ms > fetch_wait_ms)
            wait_ms = fetch_wait_ms;
        if (wait_ms < 1)
            fail(1, "timed out after %" PRId64 " s: received %" PRId64 " of %" PRId64 " messages",
                 p->timeout_s, received, n);
        natsMsgList list = { NULL, 0 };
        jerr = 0;
        s = natsSubscription_Fetch(&list, sub, want, wait_ms, &jerr);
        if (s == NATS_TIMEOUT)
            fail(1, "a fetch of %d returned nothing within %" PRId64 " ms, after %" PRId64 " of %" PRId64
                 " messages", want, wait_ms, received, n);
        if (s != NATS_OK)
            fail(1, "natsSubscription_Fetch after %" PRId64 " messages: %s (err_code %d) %s", received,
                 natsStatus_GetText(s), (int) jerr, nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "");
        if (list.Count <= 0)
            fail(1, "a fetch returned no messages and no error after %" PRId64 " messages", received);
        if (ack_explicit) {
            for (int i = 0; i < list.Count; i++)
                check(natsMsg_Ack(list.Msgs[i], NULL), "natsMsg_Ack");
        } else if (ack_all) {
            check(natsMsg_Ack(list.Msgs[list.Count - 1], NULL), "natsMsg_Ack");
        }
        received += list.Count;
        natsMsgList_Destroy(&list);
    }
    /* The acks are plain publishes on the connection: make sure the server has read them. */
    if (acking)
        check(natsConnection_FlushTimeout(nc, 5000), "flush acks");
    int64_t t1 = now_ns();

    /* The server applies acks asynchronously: give the ack floor up to 2 s to settle. */
    uint64_t ack_floor = 0;
    int64_t ack_pending = 0;
    int64_t settle_bound = now_ns() + 2000000000LL;
    for (;;) {
        consumer_state(js, p, consumer, &ack_floor, &ack_pending);
        if (!acking || ack_floor >= (uint64_t) n || now_ns() > settle_bound)
            break;
        nanosleep(&(struct timespec) { .tv_sec = 0, .tv_nsec = 20000000L }, NULL);
    }

    out_int("received", received);
    out_num("msgs_per_sec", rate(n, t1 - t0));
    out_num("elapsed_ms", (double) (t1 - t0) / 1e6);
    out_int("ack_floor", (int64_t) ack_floor);
    out_int("num_ack_pending", ack_pending);

    natsSubscription_Unsubscribe(sub);  /* bound to an existing durable: does not delete it */
    natsSubscription_Destroy(sub);
    delete_stream(js, p->stream);
    jsCtx_Destroy(js);
    natsConnection_Destroy(nc);
    free(data);
    if (acking && ack_floor != (uint64_t) n)
        fail(1, "the consumer's ack floor is %" PRIu64 " (%" PRId64 " acks pending) 2 s after the last ack, "
             "expected %" PRId64, ack_floor, ack_pending, n);
    out_print();
    return 0;
}

/* ------------------------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    params p;
    parse_args(&p, argc, argv);

    natsStatus s = nats_Open(-1);
    if (s != NATS_OK)
        fail(1, "nats_Open: %s", natsStatus_GetText(s));

    int rc;
    if (strcmp(p.command, "pubsub") == 0)
        rc = run_pubsub(&p);
    else if (strcmp(p.command, "request") == 0)
        rc = run_request(&p);
    else if (strcmp(p.command, "consume") == 0)
        rc = run_consume(&p);
    else
        rc = run_publish(&p);

    nats_Close();
    return rc;
}

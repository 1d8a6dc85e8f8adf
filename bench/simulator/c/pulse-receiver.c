/*
 * pulse-receiver: what one bsread output stream of the emulator delivers, seen by a
 * consumer fast enough never to be the limit (libzmq in C: ~0.2 us per frame, where
 * zeromq.js needs ~1 us, see bench/RESULTS.md "ingest").
 *
 * usage: pulse-receiver ENDPOINT MAX_RUN_MS RCVHWM
 * Connects a SUB socket (dispatcher streams are PUB) and prints {"connected":true} at the
 * first message. From then on it receives until SIGTERM or SIGINT (at most MAX_RUN_MS)
 * and keeps, per message, its pulse id (from the main header), its arrival time in ms
 * since the epoch (CLOCK_REALTIME, the clock the emulator's pulses follow), its frame
 * count and bytes. At the end it prints {"records":[[pulse_id,arrival_ms,frames,bytes],...]}.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

/* A stream silent for this long is an error: the benchmark must end by itself. */
#define RECEIVE_TIMEOUT_MS 10000

typedef struct {
    long long pulse;
    double arrival_ms;
    long long frames;
    long long bytes;
} record_t;

/* Set by SIGTERM/SIGINT: the orchestrator ends the receive after its window. */
static volatile sig_atomic_t stopping = 0;

static void on_stop(int signal) {
    (void)signal;
    stopping = 1;
}

static double realtime_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what) {
    fprintf(stderr, "pulse-receiver: %s: %s\n", what, zmq_strerror(errno));
    exit(1);
}

/* "pulse_id": N in the main header's JSON; -1 when absent. */
static long long pulse_id(const zmq_msg_t *frame) {
    char text[4096];
    size_t n = zmq_msg_size(frame);
    if (n >= sizeof text) n = sizeof text - 1;
    memcpy(text, zmq_msg_data((zmq_msg_t *)frame), n);
    text[n] = '\0';
    const char *key = strstr(text, "\"pulse_id\"");
    if (!key) return -1;
    const char *colon = strchr(key, ':');
    return colon ? strtoll(colon + 1, NULL, 10) : -1;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s ENDPOINT MAX_RUN_MS RCVHWM\n", argv[0]);
        return 2;
    }
    /* No SA_RESTART: a signal interrupts zmq_msg_recv with EINTR. */
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    double run_ms = atof(argv[2]);
    int hwm = atoi(argv[3]), timeout = RECEIVE_TIMEOUT_MS, linger = 0;

    void *ctx = zmq_ctx_new();
    void *socket = zmq_socket(ctx, ZMQ_SUB);
    if (!socket) die("zmq_socket");
    zmq_setsockopt(socket, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(socket, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(socket, ZMQ_SUBSCRIBE, "", 0);
    if (zmq_connect(socket, argv[1]) != 0) die("zmq_connect");

    size_t capacity = 4096, count = 0;
    record_t *records = malloc(capacity * sizeof *records);
    if (!records) die("malloc");
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    double first = -1;
    while (!stopping) {
        record_t r = {-1, 0, 0, 0};
        for (;;) {
            if (zmq_msg_recv(&msg, socket, 0) < 0) {
                if (errno == EINTR && !stopping) continue;
                if (errno == EINTR) break;
                die("zmq_msg_recv");
            }
            if (r.frames == 0) r.pulse = pulse_id(&msg);
            r.frames++;
            r.bytes += (long long)zmq_msg_size(&msg);
            if (!zmq_msg_more(&msg)) break;
        }
        /* A message cut short by the stop signal is not kept. */
        if (stopping) break;
        r.arrival_ms = realtime_ms();
        if (first < 0) {
            first = r.arrival_ms;
            printf("{\"connected\":true}\n");
            fflush(stdout);
        }
        if (count == capacity) {
            capacity *= 2;
            records = realloc(records, capacity * sizeof *records);
            if (!records) die("realloc");
        }
        records[count++] = r;
        if (r.arrival_ms - first >= run_ms) break;
    }

    printf("{\"records\":[");
    for (size_t i = 0; i < count; i++) {
        printf("%s[%lld,%.3f,%lld,%lld]", i ? "," : "", records[i].pulse, records[i].arrival_ms, records[i].frames, records[i].bytes);
    }
    printf("]}\n");
    fflush(stdout);
    free(records);
    zmq_msg_close(&msg);
    zmq_close(socket);
    zmq_ctx_term(ctx);
    return 0;
}

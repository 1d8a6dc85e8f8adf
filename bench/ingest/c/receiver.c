/*
 * ingest-receiver: libzmq's own receive limit for a stream of multipart messages, the
 * yardstick of the ingest benchmark. A plain zmq_msg_recv loop that counts messages,
 * frames and bytes and looks at nothing else.
 *
 * usage: ingest-receiver ENDPOINT WARMUP_MS DURATION_MS RCVHWM
 * Connects a PULL socket, receives for WARMUP_MS without counting, then counts complete
 * messages for DURATION_MS and prints one JSON line:
 * {"messages":M,"frames":F,"bytes":B,"seconds":S}
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

/* A sender silent for this long is an error: the benchmark must end by itself. */
#define RECEIVE_TIMEOUT_MS 10000

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what) {
    fprintf(stderr, "ingest-receiver: %s: %s\n", what, zmq_strerror(errno));
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s ENDPOINT WARMUP_MS DURATION_MS RCVHWM\n", argv[0]);
        return 2;
    }
    double warmup_ms = atof(argv[2]), duration_ms = atof(argv[3]);
    int hwm = atoi(argv[4]), timeout = RECEIVE_TIMEOUT_MS, linger = 0;

    void *ctx = zmq_ctx_new();
    void *socket = zmq_socket(ctx, ZMQ_PULL);
    if (!socket) die("zmq_socket");
    zmq_setsockopt(socket, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(socket, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_connect(socket, argv[1]) != 0) die("zmq_connect");

    zmq_msg_t msg;
    zmq_msg_init(&msg);
    long long messages = 0, frames = 0, bytes = 0;
    double start = 0, end = 0, first = -1;
    int counting = 0;
    for (;;) {
        /* One whole multipart message; zmq_msg_recv releases the previous frame's content. */
        long long message_frames = 0, message_bytes = 0;
        for (;;) {
            if (zmq_msg_recv(&msg, socket, 0) < 0) {
                if (errno == EINTR) continue;
                die("zmq_msg_recv");
            }
            message_frames++;
            message_bytes += (long long)zmq_msg_size(&msg);
            if (!zmq_msg_more(&msg)) break;
        }

        double t = now_ms();
        if (first < 0) first = t;
        if (!counting) {
            if (t - first < warmup_ms) continue;
            /* The clock starts at the end of a message; the messages after it are counted. */
            counting = 1;
            start = t;
            continue;
        }
        messages++;
        frames += message_frames;
        bytes += message_bytes;
        if (t - start >= duration_ms) {
            end = t;
            break;
        }
    }

    printf("{\"messages\":%lld,\"frames\":%lld,\"bytes\":%lld,\"seconds\":%.6f}\n", messages, frames, bytes,
           (end - start) / 1e3);
    fflush(stdout);
    zmq_msg_close(&msg);
    zmq_close(socket);
    zmq_ctx_term(ctx);
    return 0;
}

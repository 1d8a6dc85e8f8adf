/*
 * ingest-sender: the benchmark's message source, made to cost the receiver nothing.
 *
 * It speaks ZMTP 3.0 (the ZeroMQ wire protocol, NULL security) as a PUSH peer itself
 * instead of going through libzmq: the whole stream of frames is encoded once and
 * written to the TCP socket in large chunks, so sending costs one write() per ~256 KiB,
 * never work per frame. A libzmq PUSH sender spent about half a core of this benchmark's
 * two on the 2002-frame message, taken from the receiver being measured. The bytes on the
 * wire are the same as libzmq's: receivers cannot tell the difference.
 *
 * usage: ingest-sender FRAMES_FILE [PORT]
 *   FRAMES_FILE  u32 LE frame count, then per frame u32 LE length + bytes
 *   PORT         TCP port on 127.0.0.1 to listen on (default 0: an ephemeral one)
 * Prints `tcp://127.0.0.1:PORT` as the first stdout line, accepts one receiver
 * (PULL, connecting) and sends copies of the message until SIGTERM/SIGINT, until the
 * receiver goes away, or until no receiver comes within 30 s or it takes nothing for 10 s.
 * Then prints one line:
 * {"sent":N,"seconds":S,"waitedSeconds":W,"cpuSeconds":C}: S from the first write to the
 * end, W the part of it spent waiting for the receiver to make room (W close to S: the
 * receiver set the pace), C the CPU time the sender used meanwhile. N counts messages
 * whose last byte was handed to the kernel.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Bytes per write(): big enough that syscalls cost nothing next to the receiver's work. */
#define CHUNK_TARGET (256 * 1024)
/* A receiver that does not come, or takes nothing, for this long ends the sender: it never hangs around. */
#define ACCEPT_TIMEOUT_MS 30000
#define STALL_TIMEOUT_MS 10000

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
    (void)sig;
    stop_requested = 1;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of this process. */
static double cpu_s(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void die(const char *what) {
    fprintf(stderr, "ingest-sender: %s: %s\n", what, errno ? strerror(errno) : "failed");
    exit(1);
}

typedef struct {
    unsigned char *data;
    size_t size, capacity;
} bytes_t;

static void append(bytes_t *b, const void *data, size_t size) {
    if (b->size + size > b->capacity) {
        b->capacity = (b->size + size) * 2;
        b->data = realloc(b->data, b->capacity);
        if (!b->data) die("out of memory");
    }
    memcpy(b->data + b->size, data, size);
    b->size += size;
}

static uint32_t read_u32le(FILE *f) {
    unsigned char b[4];
    if (fread(b, 1, 4, f) != 4) die("frames file truncated");
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* ZMTP 3.0 frame header: flags (MORE 0x01, LONG 0x02), then the size in 1 or 8 bytes (big endian). */
static void append_frame_header(bytes_t *out, uint64_t size, int more) {
    unsigned char header[9];
    size_t n = 0;
    header[n++] = (unsigned char)((more ? 0x01 : 0) | (size > 255 ? 0x02 : 0));
    if (size > 255) {
        for (int shift = 56; shift >= 0; shift -= 8) header[n++] = (unsigned char)(size >> shift);
    } else {
        header[n++] = (unsigned char)size;
    }
    append(out, header, n);
}

/* The message of FRAMES_FILE as ZMTP frames, written to `out` once. */
static void encode_message(const char *path, bytes_t *out) {
    FILE *f = fopen(path, "rb");
    if (!f) die(path);
    uint32_t count = read_u32le(f);
    if (count == 0) die("frames file holds no frames");
    unsigned char *frame = NULL;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t size = read_u32le(f);
        frame = realloc(frame, size ? size : 1);
        if (!frame) die("out of memory");
        if (size && fread(frame, 1, size, f) != size) die("frames file truncated");
        append_frame_header(out, size, i + 1 < count);
        append(out, frame, size);
    }
    free(frame);
    fclose(f);
}

static void write_all(int fd, const void *data, size_t size) {
    const unsigned char *p = data;
    while (size > 0) {
        ssize_t n = send(fd, p, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR && !stop_requested) continue;
        if (n <= 0) die("handshake write");
        p += n;
        size -= (size_t)n;
    }
}

static void read_exact(int fd, void *data, size_t size) {
    unsigned char *p = data;
    while (size > 0) {
        ssize_t n = recv(fd, p, size, 0);
        if (n < 0 && errno == EINTR && !stop_requested) continue;
        if (n <= 0) die("handshake read");
        p += n;
        size -= (size_t)n;
    }
}

/* Greeting (signature, version 3.0, mechanism NULL, not as-server) and READY as a PUSH socket. */
static void handshake(int fd) {
    unsigned char greeting[64] = {0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 0, 'N', 'U', 'L', 'L'};
    static const unsigned char ready[] = {
        0x04, 26,                                                     /* command frame, 26 bytes */
        5,    'R', 'E', 'A', 'D', 'Y',                                /* command name */
        11,   'S', 'o', 'c', 'k', 'e', 't', '-', 'T', 'y', 'p', 'e', /* property name */
        0,    0,   0,   4,   'P', 'U', 'S', 'H',                      /* property value */
    };
    write_all(fd, greeting, sizeof greeting);
    write_all(fd, ready, sizeof ready);
    /* The peer's greeting and its READY command: read and skipped. */
    unsigned char peer[64];
    read_exact(fd, peer, sizeof peer);
    if (peer[0] != 0xff || peer[9] != 0x7f || peer[10] < 3) die("peer does not speak ZMTP 3");
    unsigned char flags;
    read_exact(fd, &flags, 1);
    if (!(flags & 0x04)) die("peer sent no command after its greeting");
    uint64_t size = 0;
    unsigned char size_bytes[8];
    size_t size_len = (flags & 0x02) ? 8 : 1;
    read_exact(fd, size_bytes, size_len);
    for (size_t i = 0; i < size_len; i++) size = size << 8 | size_bytes[i];
    unsigned char skip[256];
    while (size > 0) {
        size_t n = size < sizeof skip ? (size_t)size : sizeof skip;
        read_exact(fd, skip, n);
        size -= n;
    }
}

static int listen_on(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t)port);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) die("bind");
    if (listen(fd, 1) != 0) die("listen");
    socklen_t len = sizeof addr;
    if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0) die("getsockname");
    printf("tcp://127.0.0.1:%d\n", ntohs(addr.sin_port));
    fflush(stdout);
    return fd;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s FRAMES_FILE [PORT]\n", argv[0]);
        return 2;
    }
    bytes_t message = {0};
    encode_message(argv[1], &message);
    /* Whole messages per chunk, so a completed chunk is a count of sent messages. */
    size_t copies = message.size >= CHUNK_TARGET ? 1 : CHUNK_TARGET / message.size;
    bytes_t chunk = {0};
    for (size_t i = 0; i < copies; i++) append(&chunk, message.data, message.size);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: blocking calls return EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int listener = listen_on(argc > 2 ? atoi(argv[2]) : 0);
    struct pollfd incoming = {.fd = listener, .events = POLLIN};
    int ready;
    do {
        ready = poll(&incoming, 1, ACCEPT_TIMEOUT_MS);
    } while (ready < 0 && errno == EINTR && !stop_requested);
    if (stop_requested) return 0;
    if (ready == 0) {
        fprintf(stderr, "ingest-sender: no receiver connected within %d ms\n", ACCEPT_TIMEOUT_MS);
        return 1;
    }
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) die("accept");
    close(listener);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* as libzmq does */
    handshake(fd);

    long long sent = 0;
    double start = now_s(), start_cpu = cpu_s(), waited = 0;
    size_t pos = 0;
    while (!stop_requested) {
        ssize_t n = send(fd, chunk.data + pos, chunk.size - pos, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            pos += (size_t)n;
            if (pos == chunk.size) {
                pos = 0;
                sent += (long long)copies;
            }
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* The socket buffer is full: the receiver is behind. Wait for room. */
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            double t = now_s();
            int ready = poll(&p, 1, STALL_TIMEOUT_MS);
            waited += now_s() - t;
            if (ready == 0) break; /* receiver stalled */
            if (ready < 0 && errno != EINTR) die("poll");
            continue;
        }
        break; /* the receiver went away (EPIPE, ECONNRESET) */
    }
    double seconds = now_s() - start, cpu = cpu_s() - start_cpu;

    printf("{\"sent\":%lld,\"seconds\":%.6f,\"waitedSeconds\":%.6f,\"cpuSeconds\":%.6f}\n", sent, seconds, waited, cpu);
    fflush(stdout);
    close(fd);
    return 0;
}

/*
 * RTP load generator for the media benches (built by bench/rtp-generator.ts with gcc into .tmp/).
 *
 * Sends 50 packets/s of 172 bytes (12-byte RTP header + 160 bytes) to each target port, streams
 * evenly phased over the 20 ms period, and times every echo that comes back. Why C: a Node
 * generator on the same 2 cores spent as much CPU as the relay it measured, so its own scheduling
 * showed up as "relay jitter". Here the sender thread batches packets with sendmmsg (one wake-up
 * per 0.5 ms), the receiver thread reads with recvmmsg, and each packet's arrival time is the
 * kernel's receive timestamp (SO_TIMESTAMPNS), so the generator's own scheduling delays are not
 * counted: delay = arrival at our socket - send time written in the payload.
 *
 *   rtp-generator SECONDS [WARMUP_MS] < ports      (ports: whitespace separated, on stdin)
 *   rtp-generator --echo PORT                       (the far phone: echoes every packet to its sender)
 *
 * Echo mode stands in for sipp's -rtp_echo: same job, but with a 16 MB receive buffer and
 * recvmmsg/sendmmsg, so a few ms of scheduling delay on a busy machine loses nothing.
 *
 * The first WARMUP_MS (default 1000) are sent but not counted. Prints one JSON line:
 *   {"streams":N,"sent":S,"got":G,"p50":ms,"p99":ms,"max":ms,"cpuPct":P,"lossyStreams":L,"worstLost":W,"silentStreams":Z}
 * (L streams lost at least one packet, W the most one stream lost, Z streams got nothing back: a
 * whole stream lost points at a call that never latched, spread loss at an overloaded relay)
 * added jitter = delay - that stream's minimum delay; cpuPct is this process's CPU over the
 * counted window (percent of one core).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define PACKET 172
#define BATCH 64
#define PERIOD_NS 20000000LL
#define QUANTUM_NS 500000LL
#define MAX_STREAMS 8192

static int nstreams;
static uint16_t ports[MAX_STREAMS];
static int sock;
static int64_t t0, count_from, stop_at;
/* The first counted slot: packets of slots before it are warm-up. */
static int64_t first_slot;

static uint32_t sent[MAX_STREAMS], got[MAX_STREAMS];
static double min_delay[MAX_STREAMS];
static float *delays;
static uint16_t *delay_stream;
static size_t ndelays, cap_delays;
static struct rusage ru_from, ru_to;
static int64_t wall_from, wall_to;

static int64_t now_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void put32(uint8_t *p, uint32_t v) {
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}
static uint32_t get32(const uint8_t *p) {
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static void put64(uint8_t *p, uint64_t v) {
  put32(p, (uint32_t)(v >> 32)); put32(p + 4, (uint32_t)v);
}
static uint64_t get64(const uint8_t *p) {
  return ((uint64_t)get32(p) << 32) | get32(p + 4);
}

/* Slot s is stream s % n, round s / n, due at t0 + s * PERIOD / n (monotonic). */
static void *sender(void *arg) {
  (void)arg;
  static uint8_t buf[BATCH][PACKET];
  static struct mmsghdr msgs[BATCH];
  static struct iovec iov[BATCH];
  static struct sockaddr_in to[BATCH];
  int64_t s = 0;
  int counted = 0;
  for (;;) {
    int64_t now = now_ns(CLOCK_MONOTONIC);
    if (!counted && now >= count_from) {
      getrusage(RUSAGE_SELF, &ru_from);
      wall_from = now;
      counted = 1;
    }
    if (now >= stop_at) break;
    int k = 0;
    for (;;) {
      int64_t due = t0 + (s * PERIOD_NS) / nstreams;
      if (due > now || due >= stop_at || k == BATCH) break;
      int i = (int)(s % nstreams);
      uint32_t seq = (uint32_t)(s / nstreams);
      uint8_t *b = buf[k];
      memset(b, 0xff, PACKET);
      b[0] = 0x80; b[1] = 0;
      b[2] = seq >> 8; b[3] = seq;
      put32(b + 4, seq * 160);
      put32(b + 8, 0x5000 + i);
      put32(b + 12, (uint32_t)i);
      put32(b + 16, seq);
      put64(b + 20, (uint64_t)now_ns(CLOCK_REALTIME));
      if (s >= first_slot) sent[i]++;
      iov[k].iov_base = b;
      iov[k].iov_len = PACKET;
      memset(&msgs[k], 0, sizeof msgs[k]);
      to[k].sin_family = AF_INET;
      to[k].sin_port = htons(ports[i]);
      to[k].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      msgs[k].msg_hdr.msg_name = &to[k];
      msgs[k].msg_hdr.msg_namelen = sizeof to[k];
      msgs[k].msg_hdr.msg_iov = &iov[k];
      msgs[k].msg_hdr.msg_iovlen = 1;
      k++;
      s++;
    }
    int off = 0;
    while (off < k) {
      int r = sendmmsg(sock, msgs + off, k - off, 0);
      if (r < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == ENOBUFS) continue;
        perror("sendmmsg");
        exit(2);
      }
      off += r;
    }
    if (k == BATCH) continue; /* behind: send the rest at once */
    /* Sleep to the next due slot, but wake at most once per quantum. */
    int64_t due = t0 + (s * PERIOD_NS) / nstreams;
    int64_t q = t0 + ((now - t0) / QUANTUM_NS + 1) * QUANTUM_NS;
    int64_t wake = due > q ? due : q;
    if (wake > stop_at) wake = stop_at;
    struct timespec ts = { wake / 1000000000LL, wake % 1000000000LL };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
  }
  getrusage(RUSAGE_SELF, &ru_to);
  wall_to = now_ns(CLOCK_MONOTONIC);
  return NULL;
}

static void receive_until(int64_t until_mono) {
  static uint8_t buf[BATCH][256];
  static char ctl[BATCH][CMSG_SPACE(sizeof(struct timespec))];
  static struct mmsghdr msgs[BATCH];
  static struct iovec iov[BATCH];
  while (now_ns(CLOCK_MONOTONIC) < until_mono) {
    for (int k = 0; k < BATCH; k++) {
      iov[k].iov_base = buf[k];
      iov[k].iov_len = sizeof buf[k];
      memset(&msgs[k].msg_hdr, 0, sizeof msgs[k].msg_hdr);
      msgs[k].msg_hdr.msg_iov = &iov[k];
      msgs[k].msg_hdr.msg_iovlen = 1;
      msgs[k].msg_hdr.msg_control = ctl[k];
      msgs[k].msg_hdr.msg_controllen = sizeof ctl[k];
    }
    int r = recvmmsg(sock, msgs, BATCH, MSG_WAITFORONE, NULL);
    if (r < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      perror("recvmmsg");
      exit(2);
    }
    for (int k = 0; k < r; k++) {
      if (msgs[k].msg_len < 28) continue;
      const uint8_t *b = buf[k];
      uint32_t i = get32(b + 12);
      if (i >= (uint32_t)nstreams) continue;
      int64_t at = (int64_t)get64(b + 20);
      if ((int64_t)get32(b + 16) * nstreams + i < first_slot) continue;
      int64_t rx = -1;
      for (struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[k].msg_hdr); c; c = CMSG_NXTHDR(&msgs[k].msg_hdr, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
          struct timespec ts;
          memcpy(&ts, CMSG_DATA(c), sizeof ts);
          rx = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
        }
      }
      if (rx < 0) rx = now_ns(CLOCK_REALTIME);
      double d = (double)(rx - at) / 1e6;
      got[i]++;
      if (d < min_delay[i]) min_delay[i] = d;
      if (ndelays < cap_delays) {
        delays[ndelays] = (float)d;
        delay_stream[ndelays++] = (uint16_t)i;
      }
    }
  }
}

static int cmp_float(const void *a, const void *b) {
  float x = *(const float *)a, y = *(const float *)b;
  return x < y ? -1 : x > y;
}

static int udp_socket(uint16_t port) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int big = 16 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) < 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof big) < 0) setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  if (bind(fd, (struct sockaddr *)&me, sizeof me) < 0) {
    perror("rtp-generator: bind");
    exit(2);
  }
  return fd;
}

static int echo(uint16_t port) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  int fd = udp_socket(port);
  static uint8_t buf[BATCH][2048];
  static struct mmsghdr msgs[BATCH];
  static struct iovec iov[BATCH];
  static struct sockaddr_in from[BATCH];
  printf("ready\n");
  fflush(stdout);
  for (;;) {
    for (int k = 0; k < BATCH; k++) {
      iov[k].iov_base = buf[k];
      iov[k].iov_len = sizeof buf[k];
      memset(&msgs[k].msg_hdr, 0, sizeof msgs[k].msg_hdr);
      msgs[k].msg_hdr.msg_iov = &iov[k];
      msgs[k].msg_hdr.msg_iovlen = 1;
      msgs[k].msg_hdr.msg_name = &from[k];
      msgs[k].msg_hdr.msg_namelen = sizeof from[k];
    }
    int r = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
    if (r < 0) {
      if (errno == EINTR) continue;
      perror("rtp-generator: recvmmsg");
      return 2;
    }
    for (int k = 0; k < r; k++) iov[k].iov_len = msgs[k].msg_len;
    int off = 0;
    while (off < r) {
      int n = sendmmsg(fd, msgs + off, r - off, 0);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == ENOBUFS) continue;
        if (errno == ECONNREFUSED) { off++; continue; }
        perror("rtp-generator: sendmmsg");
        return 2;
      }
      off += n;
    }
  }
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--echo") == 0) return echo((uint16_t)atoi(argv[2]));
  if (argc < 2) {
    fprintf(stderr, "usage: rtp-generator SECONDS [WARMUP_MS] < ports\n");
    return 1;
  }
  double seconds = atof(argv[1]);
  int warmup_ms = argc > 2 ? atoi(argv[2]) : 1000;
  unsigned p;
  while (nstreams < MAX_STREAMS && scanf("%u", &p) == 1) ports[nstreams++] = (uint16_t)p;
  if (nstreams == 0) {
    fprintf(stderr, "rtp-generator: no ports on stdin\n");
    return 1;
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  sock = udp_socket(0);
  int one = 1;
  setsockopt(sock, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
  struct timeval tv = { 0, 100000 };
  setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (int i = 0; i < nstreams; i++) min_delay[i] = 1e18;
  cap_delays = (size_t)nstreams * 50 * (size_t)(seconds + 2);
  delays = malloc(cap_delays * sizeof *delays);
  delay_stream = malloc(cap_delays * sizeof *delay_stream);
  t0 = now_ns(CLOCK_MONOTONIC);
  first_slot = ((int64_t)warmup_ms * 1000000LL * nstreams + PERIOD_NS - 1) / PERIOD_NS;
  count_from = t0 + (int64_t)warmup_ms * 1000000LL;
  stop_at = count_from + (int64_t)(seconds * 1e9);
  pthread_t th;
  pthread_create(&th, NULL, sender, NULL);
  /* Receive until half a second after the last send (late echoes still count). */
  receive_until(stop_at + 500000000LL);
  pthread_join(th, NULL);
  uint64_t tsent = 0, tgot = 0;
  int lossy = 0, silent = 0;
  uint32_t worst = 0;
  for (int i = 0; i < nstreams; i++) {
    tsent += sent[i];
    tgot += got[i];
    if (got[i] < sent[i]) {
      lossy++;
      if (sent[i] - got[i] > worst) worst = sent[i] - got[i];
    }
    if (got[i] == 0 && sent[i] > 0) silent++;
  }
  for (size_t j = 0; j < ndelays; j++) delays[j] -= (float)min_delay[delay_stream[j]];
  qsort(delays, ndelays, sizeof *delays, cmp_float);
#define PCT(q) (ndelays ? delays[(size_t)((q) * ndelays) < ndelays ? (size_t)((q) * ndelays) : ndelays - 1] : -1.0)
  double cpu = (ru_to.ru_utime.tv_sec - ru_from.ru_utime.tv_sec + ru_to.ru_stime.tv_sec - ru_from.ru_stime.tv_sec) * 1e3 +
               (ru_to.ru_utime.tv_usec - ru_from.ru_utime.tv_usec + ru_to.ru_stime.tv_usec - ru_from.ru_stime.tv_usec) / 1e3;
  double wall = (wall_to - wall_from) / 1e6;
  printf("{\"streams\":%d,\"sent\":%llu,\"got\":%llu,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f,\"cpuPct\":%.1f,\"lossyStreams\":%d,\"worstLost\":%u,\"silentStreams\":%d}\n", nstreams,
         (unsigned long long)tsent, (unsigned long long)tgot, PCT(0.5), PCT(0.99), ndelays ? delays[ndelays - 1] : -1.0,
         wall > 0 ? 100.0 * cpu / wall : 0.0, lossy, worst, silent);
  return 0;
}

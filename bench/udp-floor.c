/*
 * The kernel's share of a loopback UDP send (built by bench/udp-floor.ts with gcc into .tmp/).
 *
 *   udp-floor FIRST_PORT N ROUNDS send|mmsg
 *
 * Sends ROUNDS bursts of one 172-byte datagram to each of N ports on 127.0.0.1 (one connected
 * socket per port with `send`, or one socket and one sendmmsg per burst with `mmsg`), 5 ms apart,
 * and prints {"user":µs,"sys":µs} per datagram from getrusage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 5) return 2;
  int first = atoi(argv[1]), n = atoi(argv[2]), rounds = atoi(argv[3]);
  int mmsg = strcmp(argv[4], "mmsg") == 0;
  char buf[172];
  memset(buf, 0x80, sizeof buf);
  int *fds = calloc(n, sizeof(int));
  struct sockaddr_in *addrs = calloc(n, sizeof *addrs);
  struct mmsghdr *msgs = calloc(n, sizeof *msgs);
  struct iovec *iov = calloc(n, sizeof *iov);
  int one = socket(AF_INET, SOCK_DGRAM, 0);
  for (int i = 0; i < n; i++) {
    addrs[i].sin_family = AF_INET;
    addrs[i].sin_port = htons(first + i);
    inet_pton(AF_INET, "127.0.0.1", &addrs[i].sin_addr);
    fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
    if (connect(fds[i], (struct sockaddr *)&addrs[i], sizeof addrs[i]) != 0) return 1;
    iov[i].iov_base = buf;
    iov[i].iov_len = sizeof buf;
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &addrs[i];
    msgs[i].msg_hdr.msg_namelen = sizeof addrs[i];
  }
  struct rusage r0, r1;
  getrusage(RUSAGE_SELF, &r0);
  for (int k = 0; k < rounds; k++) {
    if (mmsg) {
      for (int sent = 0; sent < n;) {
        int r = sendmmsg(one, msgs + sent, n - sent, 0);
        if (r <= 0) return 1;
        sent += r;
      }
    } else
      for (int i = 0; i < n; i++) send(fds[i], buf, sizeof buf, 0);
    usleep(5000);
  }
  getrusage(RUSAGE_SELF, &r1);
  double total = (double)n * rounds;
  double u = (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) * 1e6 + (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec);
  double s = (r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) * 1e6 + (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec);
  printf("{\"user\":%.3f,\"sys\":%.3f}\n", u / total, s / total);
  return 0;
}

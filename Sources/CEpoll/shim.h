// epoll and eventfd are Linux-only and not part of Swift's Glibc module map; expose them (libc, nothing to link).
// Wrapped so Swift never touches the packed `struct epoll_event` layout or the `epoll_data` union directly.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <stdint.h>

static inline int cepoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int cepoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = 0;
    ev.data.fd = fd;
    return epoll_ctl(epfd, op, fd, &ev);
}

/// Waits for events; writes each ready fd and its event mask into the two parallel arrays.
static inline int cepoll_wait(int epfd, int *fds, uint32_t *masks, int capacity, int timeout_ms) {
    struct epoll_event evs[256];
    if (capacity > 256) capacity = 256;
    int n = epoll_wait(epfd, evs, capacity, timeout_ms);
    for (int i = 0; i < n; i++) { fds[i] = evs[i].data.fd; masks[i] = evs[i].events; }
    return n;
}

static inline int cepoll_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

enum {
    CEPOLL_IN = EPOLLIN, CEPOLL_OUT = EPOLLOUT, CEPOLL_ERR = EPOLLERR, CEPOLL_HUP = EPOLLHUP,
    CEPOLL_RDHUP = EPOLLRDHUP, CEPOLL_CTL_ADD = EPOLL_CTL_ADD, CEPOLL_CTL_MOD = EPOLL_CTL_MOD,
    CEPOLL_CTL_DEL = EPOLL_CTL_DEL
};

//go:build linux

package peer

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

// sysProcAttr kills a server when the test binary dies without running its
// cleanups (a panic, a -timeout), so no listener outlives the test.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// netnsProcAttr also starts the process in a network namespace of its own,
// whose only interface is a loopback the process cannot be reached through
// from anywhere but this test (needs CAP_SYS_ADMIN).
func netnsProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Cloneflags: syscall.CLONE_NEWNET}
}

func setnsNumber() (uintptr, error) {
	switch runtime.GOARCH {
	case "amd64":
		return 308, nil
	case "386":
		return 346, nil
	case "arm64", "riscv64", "loong64":
		return 268, nil
	}
	return 0, fmt.Errorf("setns: unknown syscall number on %s", runtime.GOARCH)
}

func setns(fd uintptr) error {
	nr, err := setnsNumber()
	if err != nil {
		return err
	}
	if _, _, e := syscall.RawSyscall(nr, fd, syscall.CLONE_NEWNET, 0); e != 0 {
		return fmt.Errorf("setns: %w", e)
	}
	return nil
}

// nsDialer opens TCP connections from inside the network namespace of a
// process. One goroutine, locked to its OS thread, enters the namespace,
// brings its loopback up and creates every socket (a socket belongs to the
// namespace it was created in, whatever thread uses it afterwards); the
// connect itself runs in the caller's goroutine, so a slow one holds up no
// other.
type nsDialer struct {
	reqs chan chan nsSocket
}

type nsSocket struct {
	fd  int
	err error
}

// newNSDialer enters the network namespace of pid. close stops it.
func newNSDialer(pid int) (*nsDialer, error) {
	d := &nsDialer{reqs: make(chan chan nsSocket)}
	ready := make(chan error, 1)
	go d.run(pid, ready)
	if err := <-ready; err != nil {
		return nil, err
	}
	return d, nil
}

func (d *nsDialer) run(pid int, ready chan<- error) {
	runtime.LockOSThread()
	// The thread goes back to the test's namespace before it is unlocked;
	// should that fail, the goroutine parks forever rather than letting
	// the runtime end the thread: a thread that exits sends Pdeathsig to
	// every child it forked, which would kill other tests' servers.
	self, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		ready <- err
		return
	}
	defer self.Close()
	target, err := os.Open(fmt.Sprintf("/proc/%d/ns/net", pid))
	if err != nil {
		runtime.UnlockOSThread()
		ready <- err
		return
	}
	err = setns(target.Fd())
	target.Close()
	if err != nil {
		runtime.UnlockOSThread()
		ready <- err
		return
	}
	restore := func() {
		if setns(self.Fd()) != nil {
			select {}
		}
		runtime.UnlockOSThread()
	}
	if err := loopbackUp(); err != nil {
		restore()
		ready <- err
		return
	}
	ready <- nil
	for reply := range d.reqs {
		fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
		reply <- nsSocket{fd, err}
	}
	restore()
}

// dial connects to 127.0.0.1:port inside the namespace, giving up at the
// context's deadline.
func (d *nsDialer) dial(ctx context.Context, port uint16) (net.Conn, error) {
	reply := make(chan nsSocket, 1)
	d.reqs <- reply
	s := <-reply
	if s.err != nil {
		return nil, os.NewSyscallError("socket", s.err)
	}
	fd := s.fd
	// A blocking connect, bounded by SO_SNDTIMEO (Linux applies it to
	// connect); on loopback it only waits when the backlog is full.
	if dl, ok := ctx.Deadline(); ok {
		tv := syscall.NsecToTimeval(max(time.Until(dl), time.Millisecond).Nanoseconds())
		syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_SNDTIMEO, &tv)
	}
	sa := &syscall.SockaddrInet4{Port: int(port), Addr: [4]byte{127, 0, 0, 1}}
	if err := syscall.Connect(fd, sa); err != nil {
		syscall.Close(fd)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", err)}
	}
	var zero syscall.Timeval
	syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_SNDTIMEO, &zero)
	f := os.NewFile(uintptr(fd), "netns-tcp")
	defer f.Close()
	return net.FileConn(f)
}

func (d *nsDialer) close() { close(d.reqs) }

// loopbackUp sets the "lo" interface of the calling thread's network
// namespace up (a new namespace starts with it down).
func loopbackUp() error {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	// struct ifreq: 16 bytes of name, then a union whose first member here
	// is short ifr_flags; 40 bytes in all on every Linux ABI.
	var ifr [40]byte
	copy(ifr[:], "lo")
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.SIOCGIFFLAGS, uintptr(unsafe.Pointer(&ifr[0]))); e != 0 {
		return fmt.Errorf("SIOCGIFFLAGS lo: %w", e)
	}
	flags := *(*uint16)(unsafe.Pointer(&ifr[16]))
	flags |= syscall.IFF_UP
	*(*uint16)(unsafe.Pointer(&ifr[16])) = flags
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.SIOCSIFFLAGS, uintptr(unsafe.Pointer(&ifr[0]))); e != 0 {
		return fmt.Errorf("SIOCSIFFLAGS lo: %w", e)
	}
	return nil
}

// tcpInfo reads TCP_INFO of a socket.
func tcpInfo(c syscall.Conn) (*syscall.TCPInfo, error) {
	rc, err := c.SyscallConn()
	if err != nil {
		return nil, err
	}
	var info syscall.TCPInfo
	var serr error
	err = rc.Control(func(fd uintptr) {
		n := uint32(unsafe.Sizeof(info))
		_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, fd, syscall.IPPROTO_TCP, syscall.TCP_INFO,
			uintptr(unsafe.Pointer(&info)), uintptr(unsafe.Pointer(&n)), 0)
		if e != 0 {
			serr = e
		}
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return nil, err
	}
	return &info, nil
}

// acceptQueue is the number of connections the kernel has completed on a
// listening socket that Accept has not returned yet (tcpi_unacked of a
// listener is its accept backlog).
func acceptQueue(l *net.TCPListener) (int, error) {
	info, err := tcpInfo(l)
	if err != nil {
		return 0, err
	}
	return int(info.Unacked), nil
}

// peerClosed reports whether the kernel has seen the peer end the
// connection (a FIN or a reset), whether or not the program has read it
// yet: only ESTABLISHED, FIN_WAIT1 and FIN_WAIT2 leave the peer's side open.
func peerClosed(c *net.TCPConn) bool {
	info, err := tcpInfo(c)
	if err != nil {
		return true
	}
	const established, finWait1, finWait2 = 1, 4, 5
	switch info.State {
	case established, finWait1, finWait2:
		return false
	}
	return true
}

// processCPU sums the run time of every thread of process pid
// (/proc/PID/task/*/schedstat, first field, in nanoseconds).
func processCPU(pid int) (time.Duration, error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if err != nil || len(tasks) == 0 {
		return 0, fmt.Errorf("no schedstat for process %d: %v", pid, err)
	}
	var total time.Duration
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		fields := strings.Fields(string(b))
		if len(fields) == 0 {
			return 0, fmt.Errorf("%s: empty", f)
		}
		ns, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %v", f, err)
		}
		total += time.Duration(ns)
	}
	return total, nil
}

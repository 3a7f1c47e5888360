//go:build linux

package sink

import (
	"net"
	"syscall"
	"unsafe"
)

// unsentBytes returns the bytes written to a TCP connection that its peer
// has not acknowledged yet (SIOCOUTQ, which is TIOCOUTQ for sockets: unsent
// plus unacknowledged), and whether the kernel could tell.
func unsentBytes(c net.Conn) (int, bool) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return 0, false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return 0, false
	}
	var n int32
	var errno syscall.Errno
	err = rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCOUTQ, uintptr(unsafe.Pointer(&n)))
	})
	if err != nil || errno != 0 {
		return 0, false
	}
	return int(n), true
}

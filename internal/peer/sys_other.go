//go:build !linux

package peer

import (
	"context"
	"errors"
	"net"
	"syscall"
	"time"
)

func sysProcAttr() *syscall.SysProcAttr { return nil }

func netnsProcAttr() *syscall.SysProcAttr { return nil }

type nsDialer struct{}

func newNSDialer(pid int) (*nsDialer, error) {
	return nil, errors.New("network namespaces need Linux")
}

func (d *nsDialer) dial(ctx context.Context, port uint16) (net.Conn, error) {
	return nil, errors.New("network namespaces need Linux")
}

func (d *nsDialer) close() {}

func acceptQueue(l *net.TCPListener) (int, error) {
	return 0, errors.New("accept queue length needs Linux")
}

// peerClosed cannot ask the kernel here; the relay's own view is used.
func peerClosed(c *net.TCPConn) bool { return false }

func processCPU(pid int) (time.Duration, error) {
	return 0, errors.New("process CPU time needs Linux")
}

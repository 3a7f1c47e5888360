//go:build linux

package loadgen

import "syscall"

// sysProcAttr kills the fleet when the thread that started it dies without
// closing it (a panic, a test -timeout), so no listener outlives the test.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

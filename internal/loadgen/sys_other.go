//go:build !linux

package loadgen

import "syscall"

func sysProcAttr() *syscall.SysProcAttr { return nil }

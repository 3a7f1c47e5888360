//go:build linux

package loadgen

import (
	"fmt"
	"syscall"
)

// EnsureFileLimit raises the soft limit on open files (RLIMIT_NOFILE) to at
// least need, up to the hard limit (and the hard limit too when the process
// may), and returns the soft limit in force. It fails when the limit stays
// below need.
func EnsureFileLimit(need uint64) (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, fmt.Errorf("failed to read RLIMIT_NOFILE: %w", err)
	}
	if lim.Cur >= need {
		return lim.Cur, nil
	}
	want := lim
	want.Cur = max(need, lim.Max)
	if want.Cur > want.Max {
		want.Max = want.Cur // only with CAP_SYS_RESOURCE
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err != nil {
		want = syscall.Rlimit{Cur: lim.Max, Max: lim.Max}
		if err2 := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err2 != nil {
			return lim.Cur, fmt.Errorf("RLIMIT_NOFILE is %d, %d needed, and it cannot be raised: %w", lim.Cur, need, err2)
		}
		if want.Cur < need {
			return want.Cur, fmt.Errorf("RLIMIT_NOFILE is %d (the hard limit), %d needed: %w", want.Cur, need, err)
		}
	}
	return want.Cur, nil
}

//go:build !linux

package loadgen

import "errors"

// EnsureFileLimit is only implemented on Linux.
func EnsureFileLimit(need uint64) (uint64, error) {
	return 0, errors.New("raising RLIMIT_NOFILE is only implemented on Linux")
}

//go:build unix

package bench

import (
	"syscall"
	"time"
)

// ProcessCPUTime is the user+system CPU time of this process so far.
func ProcessCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

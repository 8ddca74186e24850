//go:build !unix

package bench

import "time"

// ProcessCPUTime is unknown here: CPU ratios read 0.
func ProcessCPUTime() time.Duration { return 0 }

//go:build !unix

package metadata

import "time"

// processCPUTime is not measured on this platform.
func processCPUTime() time.Duration { return 0 }

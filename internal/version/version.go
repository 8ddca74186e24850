// Package version holds the build's version, injected by the release build
// (-ldflags -X) and read from the module's build info otherwise.
package version

import (
	"runtime/debug"
	"sync"
)

// Set by -ldflags "-X github.com/synclint/synclint/internal/version.Version=…".
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

var once sync.Once

// Info returns version, commit and date, falling back to the module build
// info (go install …@v1.2.3) and then to "dev".
func Info() (version, commit, date string) {
	once.Do(func() {
		bi, ok := debug.ReadBuildInfo()
		if !ok {
			return
		}
		if Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if Commit == "" {
					Commit = s.Value
				}
			case "vcs.time":
				if Date == "" {
					Date = s.Value
				}
			}
		}
	})
	v := Version
	if v == "" {
		v = "dev"
	}
	return v, Commit, Date
}

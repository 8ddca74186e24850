package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/synclint/synclint/findings/report"
)

// TestOutputIdenticalAcrossGOMAXPROCS: check on the acme fixture, records
// pass included, writes byte-identical reports in every format whether it
// runs on one core or eight, and run after run: rules run concurrently,
// the loader parses files on every core, and none of that may show.
func TestOutputIdenticalAcrossGOMAXPROCS(t *testing.T) {
	if _, err := os.Stat(acmeFixture); err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	render := func(procs int) map[string][]byte {
		prev := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(prev)
		dir := t.TempDir()
		args := []string{"check", acmeFixture, "--exit-zero"}
		for _, f := range report.Formats() {
			args = append(args, "--format", f+"="+filepath.Join(dir, "report."+f))
		}
		if code, _, stderr := runCLI(t, map[string]string{"NO_COLOR": "1"}, args...); code != exitOK {
			t.Fatalf("GOMAXPROCS=%d: exit %d: %s", procs, code, stderr)
		}
		out := map[string][]byte{}
		for _, f := range report.Formats() {
			data, err := os.ReadFile(filepath.Join(dir, "report."+f))
			if err != nil {
				t.Fatal(err)
			}
			out[f] = data
		}
		return out
	}
	one := render(1)
	if !bytes.Contains(one["json"], []byte(`"checked": 240`)) {
		t.Fatal("the records pass did not run (no finding checked the 240 contacts)")
	}
	for _, procs := range []int{8, 1, 8} {
		other := render(procs)
		for _, f := range report.Formats() {
			if !bytes.Equal(one[f], other[f]) {
				t.Errorf("%s report differs between GOMAXPROCS=1 and GOMAXPROCS=%d at byte %d", f, procs, firstDiff(one[f], other[f]))
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// patchedFiles lists the files a fix diff changes.
func patchedFiles(diff string) []string {
	var out []string
	for _, line := range strings.Split(diff, "\n") {
		if f, ok := strings.CutPrefix(line, "+++ b/"); ok {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// lockPath makes p impossible to replace (a file: rename over it fails) or
// to create files in (a folder), and undoes it when the test ends. As root,
// permissions do not stop writes: the immutable attribute does.
func lockPath(t *testing.T, p string) {
	t.Helper()
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chattr", "+i", p).CombinedOutput(); err != nil {
			t.Skipf("running as root without chattr +i (%v: %s): cannot make a write fail", err, out)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", p).Run() })
		return
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.IsDir() {
		t.Skip("as a normal user a file's permissions do not stop a rename over it")
	}
	if err := os.Chmod(p, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(p, 0o755) })
}

// TestFixWriteIsAtomicPerFile: fix --write replaces each file through a
// temporary file and a rename. When the rename over one file fails, or no
// temporary file can be created in its folder, that file is left exactly
// as it was (content and modification time), the error names it, the exit
// status is 1, the other files are fully patched, and no temporary file is
// left behind. Running fix again then patches only what is left.
func TestFixWriteIsAtomicPerFile(t *testing.T) {
	const (
		rules = "force-app/main/default/objects/Lead/validationRules/"
		proj  = "force-app/main/default/objects/Project__c/validationRules/"
	)
	cases := []struct {
		name   string
		victim string // the file that must stay untouched
		lock   string // what is locked
	}{
		{"rename over the file fails", rules + "US_Postal_Code_Format.validationRule-meta.xml", rules + "US_Postal_Code_Format.validationRule-meta.xml"},
		{"no temporary file in its folder", proj + "Live_Projects_Need_Go_Live_Date.validationRule-meta.xml", proj},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyAcme(t)
			code, diff, stderr := runCLI(t, nil, "fix", dir)
			if code != exitOK {
				t.Fatalf("fix (diff): exit %d: %s", code, stderr)
			}
			files := patchedFiles(diff)
			if len(files) < 3 || !contains(files, c.victim) {
				t.Fatalf("the plan patches %v; the test needs %s among several", files, c.victim)
			}
			before := snapshotTree(t, dir)
			lockPath(t, filepath.Join(dir, filepath.FromSlash(c.lock)))

			code, _, stderr = runCLI(t, nil, "fix", dir, "--write")
			if code != exitFindings {
				t.Errorf("exit %d, want %d when a file cannot be written; stderr:\n%s", code, exitFindings, stderr)
			}
			if !strings.Contains(stderr, c.victim) || !strings.Contains(stderr, "file left unchanged") {
				t.Errorf("stderr does not name %s as left unchanged:\n%s", c.victim, stderr)
			}
			after := snapshotTree(t, dir)
			if after[c.victim] != before[c.victim] {
				t.Errorf("%s changed: %s → %s", c.victim, before[c.victim], after[c.victim])
			}
			for p := range after {
				if strings.Contains(p, ".synclint-fix-") {
					t.Errorf("temporary file left behind: %s", p)
				}
				if _, ok := before[p]; !ok {
					t.Errorf("created %s", p)
				}
			}
			for _, f := range files {
				if f != c.victim && after[f] == before[f] {
					t.Errorf("%s was not patched", f)
				}
			}
			// The others are complete: a second plan patches only the
			// file that failed.
			code, diff, stderr = runCLI(t, nil, "fix", dir)
			if code != exitOK {
				t.Fatalf("fix again: exit %d: %s", code, stderr)
			}
			if got := patchedFiles(diff); len(got) != 1 || got[0] != c.victim {
				t.Errorf("after the partial write the plan patches %v, want only %s", got, c.victim)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package filter

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strconv"
	"strings"

	"github.com/synclint/synclint/findings"
)

// ChangeSet is what changed in the checked folder since a git revision:
// whole files (new, renamed, copied or untracked) and, for modified files,
// the changed line ranges of the new version. --new-from-rev keeps only the
// findings located in it, so a pull request fails on the problems it adds and
// not on old debt (golangci-lint's new-from-rev, semgrep's baseline-commit).
type ChangeSet struct {
	// Rev is the revision compared with.
	Rev   string
	files map[string]*fileChange
}

type fileChange struct {
	whole  bool
	ranges [][2]int // inclusive line ranges of the new version
}

// Files returns the changed files (relative to the checked folder), sorted.
func (c *ChangeSet) Files() []string {
	out := make([]string, 0, len(c.files))
	for f := range c.files {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Touches reports whether a finding is new: it has no file (it cannot be
// placed, so it is kept), its file is new, or its line range intersects a
// changed hunk. A finding without a line in a changed file is new too.
func (c *ChangeSet) Touches(f findings.Finding) bool {
	if f.File == "" {
		return true
	}
	fc := c.files[f.File]
	if fc == nil {
		return false
	}
	if fc.whole || f.Line <= 0 {
		return true
	}
	end := f.EndLine
	if end < f.Line {
		end = f.Line
	}
	for _, r := range fc.ranges {
		if f.Line <= r[1] && end >= r[0] {
			return true
		}
	}
	return false
}

// GitChanges runs git in dir (the checked folder) and returns what changed
// between rev and the working tree, including uncommitted and untracked
// files. rev may be anything `git diff` accepts, such as HEAD~1, origin/main
// or origin/main...HEAD (changes since the merge base).
func GitChanges(ctx context.Context, dir, rev string) (*ChangeSet, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("--new-from-rev: %q is not a revision", rev)
	}
	prefix, err := git(ctx, dir, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev needs a git repository: %v", err)
	}
	if !strings.Contains(rev, "..") {
		if _, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
			return nil, fmt.Errorf("--new-from-rev: unknown revision %q", rev)
		}
	}
	diff, err := git(ctx, dir, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"--unified=0", "-M", "--src-prefix=a/", "--dst-prefix=b/", rev, "--", ".")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: git diff %s: %v", rev, err)
	}
	cs, err := ParseDiff(strings.NewReader(diff), strings.TrimSpace(prefix))
	if err != nil {
		return nil, err
	}
	cs.Rev = rev
	untracked, err := git(ctx, dir, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
	if err != nil {
		return nil, fmt.Errorf("--new-from-rev: git ls-files: %v", err)
	}
	for _, p := range strings.Split(untracked, "\x00") {
		if p != "" {
			cs.files[p] = &fileChange{whole: true}
		}
	}
	return cs, nil
}

func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		var ee *exec.Error
		if errors.As(err, &ee) {
			return "", fmt.Errorf("git is not installed: %v", err)
		}
		if msg == "" {
			msg = err.Error()
		}
		return "", errors.New(msg)
	}
	return stdout.String(), nil
}

// ParseDiff reads `git diff --unified=0` output. Paths in the diff are
// relative to the repository root; prefix is the checked folder's path from
// there (git rev-parse --show-prefix, "" at the root) and is stripped, so the
// change set uses the same paths as findings. Files outside the prefix are
// ignored.
func ParseDiff(r io.Reader, prefix string) (*ChangeSet, error) {
	cs := &ChangeSet{files: map[string]*fileChange{}}
	prefix = strings.TrimPrefix(prefix, "./")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	var cur *fileChange
	var curPath string
	isNew := false
	flush := func() {
		if cur != nil && curPath != "" {
			if isNew {
				cur.whole = true
			}
			if rel, ok := strings.CutPrefix(curPath, prefix); ok {
				if old := cs.files[rel]; old != nil {
					old.whole = old.whole || cur.whole
					old.ranges = append(old.ranges, cur.ranges...)
				} else {
					cs.files[rel] = cur
				}
			}
		}
		cur, curPath, isNew = nil, "", false
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "diff --git "):
			flush()
			cur = &fileChange{}
		case cur == nil:
			continue
		case strings.HasPrefix(line, "new file mode"):
			isNew = true
		case strings.HasPrefix(line, "rename to "):
			curPath, isNew = unquotePath(strings.TrimPrefix(line, "rename to ")), true
		case strings.HasPrefix(line, "copy to "):
			curPath, isNew = unquotePath(strings.TrimPrefix(line, "copy to ")), true
		case strings.HasPrefix(line, "+++ "):
			p := unquotePath(strings.TrimSuffix(strings.TrimPrefix(line, "+++ "), "\t"))
			if p == "/dev/null" {
				curPath = "" // deleted: nothing to report in it
				continue
			}
			curPath = strings.TrimPrefix(p, "b/")
		case strings.HasPrefix(line, "@@ "):
			start, count, err := parseHunk(line)
			if err != nil {
				return nil, err
			}
			if count == 0 {
				// A pure deletion after line start: the lines around it changed.
				cur.ranges = append(cur.ranges, [2]int{start, start + 1})
			} else {
				cur.ranges = append(cur.ranges, [2]int{start, start + count - 1})
			}
		}
	}
	flush()
	return cs, sc.Err()
}

// parseHunk reads the new-file side of "@@ -a,b +c,d @@".
func parseHunk(line string) (start, count int, err error) {
	fields := strings.Fields(line)
	for _, f := range fields[1:] {
		if !strings.HasPrefix(f, "+") {
			continue
		}
		spec := f[1:]
		count = 1
		if s, c, ok := strings.Cut(spec, ","); ok {
			spec = s
			if count, err = strconv.Atoi(c); err != nil {
				return 0, 0, fmt.Errorf("bad hunk header %q", line)
			}
		}
		if start, err = strconv.Atoi(spec); err != nil {
			return 0, 0, fmt.Errorf("bad hunk header %q", line)
		}
		return start, count, nil
	}
	return 0, 0, fmt.Errorf("bad hunk header %q", line)
}

// unquotePath undoes git's C-style quoting of unusual paths.
func unquotePath(p string) string {
	if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
		if u, err := strconv.Unquote(p); err == nil {
			return u
		}
	}
	return p
}

// GitPrefix returns the path of dir from the root of its git repository,
// with a trailing slash ("" at the root), or an error outside a repository.
func GitPrefix(ctx context.Context, dir string) (string, error) {
	p, err := git(ctx, dir, "rev-parse", "--show-prefix")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(p), nil
}

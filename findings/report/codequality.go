package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
)

// GitLab Code Quality report (a subset of the Code Climate issue spec) for
// artifacts:reports:codequality, shown in the merge request widget
// (docs.gitlab.com/ci/testing/code_quality/, "Code Quality report format"):
// description, check_name, fingerprint, severity and location.path with
// location.lines.begin. GitLab keys issues on the fingerprint and shows only
// the first issue of a fingerprint, so repeats get a counter.

type codeQualityIssue struct {
	Description string              `json:"description"`
	CheckName   string              `json:"check_name"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"`
	Location    codeQualityLocation `json:"location"`
}

type codeQualityLocation struct {
	Path  string           `json:"path"`
	Lines codeQualityLines `json:"lines"`
}

type codeQualityLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

// codeQualitySeverity maps onto GitLab's info, minor, major, critical,
// blocker: errors are major so they rank above warnings.
func codeQualitySeverity(s string) string {
	switch s {
	case "error":
		return "major"
	case "warning":
		return "minor"
	}
	return "info"
}

func writeCodeQuality(w io.Writer, d *Document, _ Options) error {
	issues := []codeQualityIssue{}
	seen := map[string]int{}
	for i := range d.Findings {
		f := &d.Findings[i]
		path, line := f.File, f.Line
		if path == "" {
			// Every issue needs a path; place file-less findings at the anchor.
			if d.Anchor == "" {
				continue
			}
			path, line = d.Anchor, 1
		}
		if line < 1 {
			line = 1
		}
		fp := fingerprintOf(f)
		seen[fp]++
		if n := seen[fp]; n > 1 {
			sum := sha256.Sum256([]byte(fp + "#" + strconv.Itoa(n)))
			fp = hex.EncodeToString(sum[:16])
		}
		issue := codeQualityIssue{
			Description: f.Rule + " " + fullMessage(f),
			CheckName:   "synclint/" + f.Rule,
			Fingerprint: fp,
			Severity:    codeQualitySeverity(f.Severity.String()),
			Location:    codeQualityLocation{Path: d.RepoPath(path), Lines: codeQualityLines{Begin: line}},
		}
		if f.EndLine > line {
			issue.Location.Lines.End = f.EndLine
		}
		issues = append(issues, issue)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}

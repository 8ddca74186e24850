package metadata

import (
	"path"
	"strings"
)

// ignoreRules is a parsed .forceignore. The Salesforce CLI reads it with
// gitignore syntax ("Exclude Source When Syncing or Converting",
// developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_exclude_source.htm),
// so this implements the gitignore rules (git-scm.com/docs/gitignore):
//   - blank lines and lines starting with # are skipped; \# and \! escape;
//   - ! negates: the last matching pattern decides;
//   - a trailing / matches directories only;
//   - a pattern with a / elsewhere is anchored to the .forceignore folder,
//     one without matches the name at any depth;
//   - * and ? do not cross /, ** matches any number of folders;
//   - a file inside an ignored folder is ignored whatever later patterns say.
type ignoreRules struct {
	rules []ignoreRule
}

type ignoreRule struct {
	segs     []string
	negate   bool
	dirOnly  bool
	anchored bool
}

func parseIgnore(content string) *ignoreRules {
	r := &ignoreRules{}
	for _, line := range strings.Split(content, "\n") {
		line = strings.TrimRight(line, "\r")
		// Trailing spaces are ignored unless escaped.
		for strings.HasSuffix(line, " ") && !strings.HasSuffix(line, `\ `) {
			line = line[:len(line)-1]
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rule := ignoreRule{}
		if strings.HasPrefix(line, "!") {
			rule.negate = true
			line = line[1:]
		} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
			line = line[1:]
		}
		if strings.HasSuffix(line, "/") {
			rule.dirOnly = true
			line = strings.TrimRight(line, "/")
		}
		if strings.HasPrefix(line, "/") {
			rule.anchored = true
			line = strings.TrimLeft(line, "/")
		} else if strings.Contains(line, "/") {
			rule.anchored = true
		}
		if line == "" {
			continue
		}
		rule.segs = strings.Split(line, "/")
		if !rule.anchored {
			rule.segs = append([]string{"**"}, rule.segs...)
		}
		r.rules = append(r.rules, rule)
	}
	return r
}

// ignored reports whether rel (slash-separated, relative to the folder of
// the .forceignore) is excluded. isDir says whether rel is a folder.
func (r *ignoreRules) ignored(rel string, isDir bool) bool {
	if r == nil || len(r.rules) == 0 {
		return false
	}
	segs := strings.Split(rel, "/")
	// A file under an excluded folder stays excluded.
	for i := 1; i < len(segs); i++ {
		if r.match(segs[:i], true) {
			return true
		}
	}
	return r.match(segs, isDir)
}

func (r *ignoreRules) match(segs []string, isDir bool) bool {
	ignored := false
	for _, rule := range r.rules {
		if rule.dirOnly && !isDir {
			continue
		}
		if matchSegments(rule.segs, segs) {
			ignored = !rule.negate
		}
	}
	return ignored
}

// matchSegments matches path segments against pattern segments, where a
// "**" segment matches zero or more path segments.
func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			if len(rest) == 0 {
				return true
			}
			for i := 0; i <= len(segs); i++ {
				if matchSegments(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		ok, err := path.Match(pat[0], segs[0])
		if err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

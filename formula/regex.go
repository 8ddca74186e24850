package formula

import (
	"regexp"
	"strings"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// REGEX uses Java regular expression syntax and matches the whole text
// ([DOC] REGEX: "matches an entire string as opposed to searching for a
// match within a string"). Real rules use look-arounds (`(?!000|666)`) that
// Go's RE2 engine rejects, so patterns go to regexp2 (a backtracking engine
// close to Java's syntax) with a match timeout; patterns made only of
// constructs both engines read the same way take the RE2 fast path.

// regexTimeout bounds one match (catastrophic backtracking).
const regexTimeout = 200 * time.Millisecond

type compiledRegex struct {
	re2 *regexp.Regexp
	bt  *regexp2.Regexp
}

type regexEntry struct {
	re  *compiledRegex
	err error
}

func compileRegex(pat string) (*compiledRegex, error) {
	if v, ok := regexCache.Load(pat); ok {
		e := v.(regexEntry)
		return e.re, e.err
	}
	re, err := compileRegexUncached(pat)
	regexCache.Store(pat, regexEntry{re, err})
	return re, err
}

func compileRegexUncached(pat string) (*compiledRegex, error) {
	if re2Safe(pat) {
		if re, err := regexp.Compile(`^(?:` + pat + `)$`); err == nil {
			return &compiledRegex{re2: re}, nil
		}
	}
	// Validate the pattern alone first so that a stray ')' in it cannot
	// close the wrapping group.
	if _, err := regexp2.Compile(pat, regexp2.None); err != nil {
		return nil, err
	}
	bt, err := regexp2.Compile(`\A(?:`+pat+`)\z`, regexp2.None)
	if err != nil {
		return nil, err
	}
	bt.MatchTimeout = regexTimeout
	return &compiledRegex{bt: bt}, nil
}

// re2Safe reports whether pat uses only syntax that RE2 and Java interpret
// identically: no look-arounds or other (? groups, no class intersections
// (&&), and only the escapes listed.
func re2Safe(pat string) bool {
	if strings.Contains(pat, "(?") || strings.Contains(pat, "&&") || strings.Contains(pat, "[[") {
		return false
	}
	for i := 0; i < len(pat); i++ {
		if pat[i] == '.' {
			// Java's '.' also excludes \r and Unicode line separators.
			return false
		}
		if pat[i] != '\\' {
			continue
		}
		i++
		if i >= len(pat) {
			return false
		}
		if !strings.ContainsRune(`dDsSwWbB\/()[]{}*+?|^$-.nrt'"&@#%!,:;<>=_~`, rune(pat[i])) {
			return false
		}
	}
	return true
}

func (c *compiledRegex) match(s string) (bool, error) {
	if c.re2 != nil {
		return c.re2.MatchString(s), nil
	}
	ok, err := c.bt.MatchString(s)
	if err != nil {
		return false, errRegexTimeout
	}
	return ok, nil
}

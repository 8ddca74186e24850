package formula

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The real rules in shared/corpora/formulas come from orgs whose metadata
// is not in the corpora, so they are checked without a schema (every field
// dynamic): parse, function and argument checks, translation and CEL
// planning still run in full.

type corpusFormula struct {
	file, header, object, src string
}

var objectFromHeader = regexp.MustCompile(`object=(\S+)|objects/([A-Za-z0-9_]+)(?:\.object|/)`)

func loadFormulaCorpus(t testing.TB) []corpusFormula {
	files, _ := filepath.Glob("../../shared/corpora/formulas/*.txt")
	if len(files) == 0 {
		t.Skip("shared/corpora/formulas not available")
	}
	var out []corpusFormula
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range strings.Split(string(data), "\n----\n") {
			var header, body []string
			inHeader := true
			for _, line := range strings.Split(rec, "\n") {
				if inHeader && strings.HasPrefix(line, "# ") {
					header = append(header, line)
					continue
				}
				inHeader = false
				body = append(body, line)
			}
			src := strings.TrimSpace(strings.Join(body, "\n"))
			if src == "" {
				continue
			}
			h := strings.Join(header, " ")
			obj := ""
			if m := objectFromHeader.FindStringSubmatch(h); m != nil {
				obj = m[1] + m[2]
			}
			out = append(out, corpusFormula{file: filepath.Base(file), header: h, object: obj, src: src})
		}
	}
	return out
}

// corpusFormulaFailures lists corpus rules that do not compile, keyed by
// their header, with the reason.
var corpusFormulaFailures = map[string]string{}

func TestCorpusFormulas(t *testing.T) {
	rules := loadFormulaCorpus(t)
	var parsed, checked, translated int
	for _, r := range rules {
		reason, expected := corpusFormulaFailures[r.header]
		p, err := Compile(r.src, Options{Object: r.object})
		switch {
		case err == nil:
			translated++
			checked++
			parsed++
			if expected {
				t.Errorf("%s compiles now; remove it from corpusFormulaFailures (%s)", r.header, reason)
			}
			if p.CEL == "" {
				t.Errorf("%s: empty translation", r.header)
			}
			continue
		case expected:
			t.Logf("known failure %s: %v (%s)", r.header, err, reason)
		default:
			t.Errorf("%s: %v\n%s", r.header, err, r.src)
		}
		if _, perr := Parse(r.src); perr == nil {
			parsed++
			if _, ok := err.(*CheckError); !ok {
				checked++
			}
		}
	}
	t.Logf("%d corpus formulas: %d parse, %d type-check, %d translate", len(rules), parsed, checked, translated)
}

package filter

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/synclint/synclint/findings"
)

// lineDependent lists rules whose fingerprint still depends on a line
// number, with the reason; the baseline cannot keep their findings across
// edits that move lines. Remove an entry when its rule is fixed.
var lineDependent = map[string]string{}

// TestFingerprintsIgnoreLines shifts every line of every file of the acme
// fixture (blank lines after the XML declaration, at the top of Apex, YAML
// and JSON files) and requires the same fingerprints: baselines key on them,
// and a retrieve or a reformat moves lines all the time.
func TestFingerprintsIgnoreLines(t *testing.T) {
	src := filepath.Join("..", "..", "fixtures", "acme")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("fixture missing: %v", err)
	}
	shifted := filepath.Join(t.TempDir(), "acme")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(shifted, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(data)
		switch {
		case strings.HasPrefix(text, "<?xml"):
			if i := strings.Index(text, "\n"); i >= 0 {
				text = text[:i+1] + "\n\n\n" + text[i+1:]
			}
		case strings.HasSuffix(p, ".xml"), strings.HasSuffix(p, ".json"), strings.HasSuffix(p, ".trigger"), strings.HasSuffix(p, ".cls"):
			text = "\n\n\n" + text
		case strings.HasSuffix(p, ".yaml"), strings.HasSuffix(p, ".yml"):
			text = "# shifted\n# shifted\n# shifted\n" + text
		}
		return os.WriteFile(target, []byte(text), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	fingerprints := func(dir string) (map[string][]string, int) {
		in, err := findings.LoadInput(findings.LoadOptions{Dir: dir})
		if err != nil {
			t.Fatalf("LoadInput(%s): %v", dir, err)
		}
		res := findings.Analyze(in, findings.Options{Records: true})
		out := map[string][]string{}
		for _, f := range res.Findings {
			out[f.Rule] = append(out[f.Rule], f.Fingerprint+" "+f.Component)
		}
		for _, v := range out {
			sort.Strings(v)
		}
		return out, len(res.Findings)
	}
	before, n := fingerprints(src)
	after, m := fingerprints(shifted)
	if n == 0 || n != m {
		t.Fatalf("%d findings before shifting lines, %d after", n, m)
	}
	rules := make([]string, 0, len(before))
	for r := range before {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		if strings.Join(before[r], "\n") == strings.Join(after[r], "\n") {
			continue
		}
		if why, known := lineDependent[r]; known {
			t.Logf("%s: fingerprints change with line numbers (known: %s)", r, why)
			continue
		}
		t.Errorf("%s: fingerprints change when lines move; baselines would lose its findings\nbefore: %v\nafter:  %v", r, before[r], after[r])
	}
}

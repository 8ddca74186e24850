package findings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/synclint/synclint/metadata"
)

func TestBlankApex(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a.addError('x'); // b.addError('y')", "a.addError(' ');                   "},
		{"/* c.addError();\n */ d();", "                \n    d();"},
		{`s = 'it\'s'; e();`, `s = '     '; e();`},
		{"no comments", "no comments"},
	}
	for _, tt := range tests {
		got := blankApex(tt.in)
		if strings.ReplaceAll(got, " ", ".") != strings.ReplaceAll(tt.want, " ", ".") {
			t.Errorf("blankApex(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(got) != len(tt.in) {
			t.Errorf("blankApex(%q) changed the length", tt.in)
		}
	}
}

func TestErrorSites(t *testing.T) {
	tests := []struct {
		name, src           string
		receiver, field     string
		condition, message  string
		wantSites, wantLine int
	}{
		{"if block", "for (Lead l : leads) {\n  if (l.Email == null) {\n    l.Email.addError('x');\n  }\n}", "l.Email", "Email", "l.Email == null", "'x'", 1, 3},
		{"braceless if", "for (Lead l : leads)\n  if (bad(l)) l.addError('y');", "l", "", "bad(l)", "'y'", 1, 2},
		{"loop only", "for (Lead l : leads) { l.addError('z'); }", "l", "", "", "'z'", 1, 1},
		{"else", "if (ok) { x(); } else { r.addError('e'); }", "r", "", "NOT (ok)", "'e'", 1, 1},
		{"indexed receiver", "if (Trigger.new.size() > 1) Trigger.new[0].addError('m');", "Trigger.new[0]", "", "Trigger.new.size() > 1", "'m'", 1, 1},
		{"commented", "// r.addError('c');", "", "", "", "", 0, 0},
	}
	for _, tt := range tests {
		u := newApexUnit("T", metadata.Pos{File: "t.trigger", Line: 1}, tt.src)
		sites := errorSites(u, 0, len(u.clean), "")
		if len(sites) != tt.wantSites {
			t.Errorf("%s: %d sites, want %d", tt.name, len(sites), tt.wantSites)
			continue
		}
		if tt.wantSites == 0 {
			continue
		}
		s := sites[0]
		if s.Receiver != tt.receiver || s.Field != tt.field || s.Condition != tt.condition || s.Message != tt.message || s.Line != tt.wantLine {
			t.Errorf("%s: got receiver %q field %q condition %q message %q line %d", tt.name, s.Receiver, s.Field, s.Condition, s.Message, s.Line)
		}
	}
}

func TestFindMethods(t *testing.T) {
	src := `public class H extends Base {
    public H() { init(); }
    public void beforeInsert(List<Lead> ls) { if (x) { y(); } }
    private static Map<Id, Lead> load(Set<Id> ids) { return null; }
    public String name { get { return n; } set; }
}`
	u := newApexUnit("H", metadata.Pos{File: "H.cls", Line: 1}, src)
	var names []string
	for _, m := range u.methods {
		names = append(names, m.Name)
	}
	if got := strings.Join(names, ","); got != "H,beforeInsert,load" {
		t.Errorf("methods = %s", got)
	}
	if u.extends != "base" {
		t.Errorf("extends = %q", u.extends)
	}
}

// BenchmarkTriggerReach follows every active trigger of a real org with
// hundreds of classes through its handlers (the class index is shared).
func BenchmarkTriggerReach(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "corpora", "gsa-workspace")
	if _, err := os.Stat(dir); err != nil {
		b.Skip("corpus ../shared/corpora/gsa-workspace not present")
	}
	org, err := metadata.Load(dir, metadata.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(org.Classes)), "classes")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix := &apexIndex{sources: map[string]*metadata.ApexClass{}, units: map[string]*apexUnit{}}
		for k, c := range org.Classes {
			if !c.Hidden {
				ix.sources[k] = c
			}
		}
		sites := 0
		for _, t := range org.Triggers {
			if t.Active && !t.Hidden {
				sites += len(reachTrigger(ix, t).Sites)
			}
		}
		if i == 0 {
			b.ReportMetric(float64(sites), "sites")
		}
	}
}

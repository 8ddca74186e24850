package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/filter"
)

// The HTML report is one self-contained file for a pre-migration audit: no
// network access, no external assets (CSS, JavaScript and SVG charts are
// inline), rendered with html/template so every value from the org or from
// HubSpot is escaped. It prints cleanly (@media print, all details opened
// before printing).

//go:embed html.tmpl
var htmlTemplateText string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"lower": strings.ToLower,
	"inc":   func(i int) int { return i + 1 },
}).Parse(htmlTemplateText))

type htmlData struct {
	Title      string
	Root       string
	Version    string
	Summary    Summary
	Hidden     string
	RulesRan   int
	SyncOrder  []string
	Charts     []htmlChart
	Groups     []htmlGroup
	RuleOpts   []htmlOption
	ObjectOpts []htmlOption
	Suppressed []htmlFinding
	Rules      []RuleInfo
	Baseline   *BaselineInfo
	// StaleLine and ExpiredLine speak about the baseline ("" when all is well).
	StaleLine   string
	ExpiredLine string
	NewFromRev  string
}

// htmlChart is an inline SVG bar chart.
type htmlChart struct {
	Title  string
	Height int
	Bars   []htmlBar
	// Filter names the filter a click on a bar sets (severity, rule or "").
	Filter string
}

// htmlBar is one bar of a chart.
type htmlBar struct {
	Label string
	Title string
	Value string
	Count int
	// Width is the bar length in chart units (0–250), Y its vertical offset
	// and CountX where its count is written.
	Width  int
	Y      int
	CountX int
	Class  string
}

type htmlOption struct {
	Value string
	Label string
}

type htmlGroup struct {
	Name     string
	ID       string
	Findings []htmlFinding
	Errors   int
	Warnings int
	Notes    int
}

type htmlFinding struct {
	N               int
	Severity        string
	Rule            string
	RuleTitle       string
	RuleURL         string
	Component       string
	Object          string
	Location        string
	Message         string
	Fix             string
	HubSpotProperty string
	Evidence        findings.Evidence
	Records         *findings.RecordStats
	Witness         *findings.Witness
	Formula         string
	FormulaAt       string
	ErrorMessage    string
	Patch           *findings.Patch
	PatchLines      []htmlDiffLine
	Related         []string
	SuppressedBy    string
	HasDetails      bool
}

type htmlDiffLine struct {
	Class string
	Text  string
}

func writeHTML(w io.Writer, d *Document, _ Options) error {
	data := htmlData{
		Title:      "synclint audit: " + orDefault(d.Root, "."),
		Root:       orDefault(d.Root, "."),
		Version:    orDefault(d.Tool.Version, "dev"),
		Summary:    d.Summary,
		Hidden:     d.hiddenLine(),
		RulesRan:   countEnabled(d),
		SyncOrder:  d.SyncOrder,
		Baseline:   d.Baseline,
		NewFromRev: d.NewFromRev,
	}
	if b := d.Baseline; b != nil {
		if len(b.Stale) > 0 {
			data.StaleLine = fmt.Sprintf("Baseline %s: %s no finding any more (run synclint baseline prune).", b.File, pluralVerb(len(b.Stale), "entry matches", "entries match"))
		}
		if len(b.Expired) > 0 {
			data.ExpiredLine = fmt.Sprintf("Baseline %s: %s expired; their findings are reported again.", b.File, pluralVerb(len(b.Expired), "entry has", "entries have"))
		}
	}
	var sevBars []htmlBar
	for _, sev := range severities {
		n := d.Summary.BySeverity[sev.String()]
		sevBars = append(sevBars, htmlBar{Label: capitalize(sev.String()), Value: sev.String(), Count: n, Class: sev.String()})
	}
	data.Charts = append(data.Charts, newChart("By severity", "severity", sevBars))
	var catBars []htmlBar
	for _, c := range byCount(d.Summary.ByCategory) {
		catBars = append(catBars, htmlBar{Label: c, Count: d.Summary.ByCategory[c], Class: "category"})
	}
	data.Charts = append(data.Charts, newChart("By category", "", catBars))
	var ruleBars []htmlBar
	ids := byCount(d.Summary.ByRule)
	for i, id := range ids {
		if i == maxRuleBars-1 && len(ids) > maxRuleBars {
			// The long tail in one bar, so the chart stays as tall as the others.
			rest := 0
			for _, r := range ids[i:] {
				rest += d.Summary.ByRule[r]
			}
			ruleBars = append(ruleBars, htmlBar{Label: fmt.Sprintf("%d more", len(ids)-i), Title: strings.Join(ids[i:], ", "), Count: rest, Class: "rule other"})
			break
		}
		ruleBars = append(ruleBars, htmlBar{Label: id, Value: id, Title: id + " " + d.Rule(id).Title, Count: d.Summary.ByRule[id], Class: "rule"})
	}
	data.Charts = append(data.Charts, newChart("By rule", "rule", ruleBars))

	// Findings grouped by object, tool diagnostics last.
	groups := map[string]*htmlGroup{}
	var names []string
	objects := map[string]bool{}
	for i := range d.Findings {
		f := &d.Findings[i]
		name := f.Object
		if name == "" {
			name = groupName(*f)
		} else {
			objects[f.Object] = true
		}
		g := groups[name]
		if g == nil {
			g = &htmlGroup{Name: name, ID: "object-" + slug(name)}
			groups[name] = g
			names = append(names, name)
		}
		hf := htmlFindingOf(d, i+1, f)
		g.Findings = append(g.Findings, hf)
		switch f.Severity {
		case findings.Error:
			g.Errors++
		case findings.Warning:
			g.Warnings++
		default:
			g.Notes++
		}
	}
	sort.Slice(names, func(i, j int) bool {
		ti, tj := strings.HasPrefix(names[i], "("), strings.HasPrefix(names[j], "(")
		if ti != tj {
			return tj
		}
		return names[i] < names[j]
	})
	for _, n := range names {
		g := groups[n]
		sort.SliceStable(g.Findings, func(i, j int) bool {
			return sevRank(g.Findings[i].Severity) < sevRank(g.Findings[j].Severity)
		})
		data.Groups = append(data.Groups, *g)
		if strings.HasPrefix(n, "(") {
			data.ObjectOpts = append(data.ObjectOpts, htmlOption{Value: n, Label: n})
		}
	}
	objNames := make([]string, 0, len(objects))
	for o := range objects {
		objNames = append(objNames, o)
	}
	sort.Strings(objNames)
	opts := make([]htmlOption, 0, len(objNames)+len(data.ObjectOpts))
	for _, o := range objNames {
		opts = append(opts, htmlOption{Value: o, Label: o})
	}
	data.ObjectOpts = append(opts, data.ObjectOpts...)
	for _, id := range sortedKeys(d.Summary.ByRule) {
		data.RuleOpts = append(data.RuleOpts, htmlOption{Value: id, Label: id + " " + d.Rule(id).Title})
	}
	for i := range d.Suppressed {
		s := &d.Suppressed[i]
		hf := htmlFindingOf(d, 0, &s.Finding)
		hf.SuppressedBy = s.Suppression.Kind
		loc := s.Suppression.Location
		if s.Suppression.Kind != filter.KindBaseline {
			loc.File = d.RepoPath(loc.File)
		}
		if l := locationString(loc); l != "" {
			hf.SuppressedBy += " at " + l
		}
		if s.Suppression.Reason != "" {
			hf.SuppressedBy += ": " + s.Suppression.Reason
		}
		data.Suppressed = append(data.Suppressed, hf)
	}
	for _, r := range d.Rules {
		if d.Summary.ByRule[r.ID] > 0 {
			data.Rules = append(data.Rules, r)
		}
	}
	return htmlTemplate.Execute(w, data)
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sevRank(s string) int {
	switch s {
	case "error":
		return 0
	case "warning":
		return 1
	}
	return 2
}

// byCount returns the keys of m, largest count first, then by name.
func byCount(m map[string]int) []string {
	keys := sortedKeys(m)
	sort.SliceStable(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	return keys
}

// maxRuleBars is the number of bars of the rule chart.
const maxRuleBars = 8

// Chart geometry, in SVG user units.
const (
	chartLabelWidth = 104
	chartBarMax     = 210
	chartRow        = 26
)

// newChart lays out bars: lengths proportional to the largest count.
func newChart(title, filter string, bars []htmlBar) htmlChart {
	max := 0
	for _, b := range bars {
		if b.Count > max {
			max = b.Count
		}
	}
	for i := range bars {
		if max > 0 {
			bars[i].Width = bars[i].Count * chartBarMax / max
		}
		if bars[i].Count > 0 && bars[i].Width < 3 {
			bars[i].Width = 3
		}
		bars[i].Y = i * chartRow
		bars[i].CountX = chartLabelWidth + bars[i].Width + 8
		if bars[i].Title == "" {
			bars[i].Title = fmt.Sprintf("%s: %d", bars[i].Label, bars[i].Count)
		}
	}
	h := len(bars) * chartRow
	if h == 0 {
		h = chartRow
	}
	return htmlChart{Title: title, Height: h, Bars: bars, Filter: filter}
}

func htmlFindingOf(d *Document, n int, f *findings.Finding) htmlFinding {
	r := d.Rule(f.Rule)
	hf := htmlFinding{
		N:               n,
		Severity:        f.Severity.String(),
		Rule:            f.Rule,
		RuleTitle:       r.Title,
		RuleURL:         r.HelpURI,
		Component:       f.Component,
		Object:          f.Object,
		Location:        locationString(findings.Location{File: d.RepoPath(f.File), Line: f.Line, Column: f.Column}),
		Message:         f.Message,
		Fix:             f.Fix,
		HubSpotProperty: f.HubSpotProperty,
		Evidence:        f.Evidence,
		Records:         f.Records,
		Witness:         f.Witness,
		Patch:           f.Patch,
	}
	if hf.Object == "" {
		hf.Object = groupName(*f)
	}
	if vr := d.ValidationRule(f.Object, f.ValidationRule); vr != nil {
		hf.Formula = vr.Formula
		hf.FormulaAt = locationString(findings.Location{File: d.RepoPath(vr.Location.File), Line: vr.Location.Line})
		hf.ErrorMessage = vr.ErrorMessage
	}
	if f.Patch != nil {
		text := f.Patch.Diff
		if text == "" {
			text = f.Patch.Replacement
		}
		for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
			class := ""
			switch {
			case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
				class = "meta"
			case strings.HasPrefix(l, "@@"):
				class = "hunk"
			case strings.HasPrefix(l, "+"):
				class = "add"
			case strings.HasPrefix(l, "-"):
				class = "del"
			}
			hf.PatchLines = append(hf.PatchLines, htmlDiffLine{Class: class, Text: l})
		}
	}
	for _, rel := range f.Related {
		s := locationString(findings.Location{File: d.RepoPath(rel.File), Line: rel.Line, Column: rel.Column})
		if rel.Message != "" {
			s += " — " + rel.Message
		}
		hf.Related = append(hf.Related, s)
	}
	hf.HasDetails = len(hf.Evidence) > 0 || (hf.Records != nil && hf.Records.Checked > 0) || hf.Witness != nil ||
		hf.Formula != "" || hf.Patch != nil || len(hf.Related) > 0
	return hf
}

// slug makes an HTML id from a name.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		default:
			b.WriteString("-" + strconv.Itoa(int(r)) + "-")
		}
	}
	return b.String()
}

// pluralVerb says "1 entry matches" or "3 entries match".
func pluralVerb(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

package findings

import (
	"fmt"
	"sort"
	"strings"
)

// AS04 derives the order objects must sync in and reports cycles and
// inversions.
var AS04 = Register(&Rule{
	ID:        "AS04",
	Name:      "child-before-parent",
	Title:     "Child synced before its parent",
	Category:  CategoryAssociation,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Bucket:    BucketAssociations,
	Tags:      []string{"association", "sync-order", "dependency"},
	Summary:   "The objects the integration writes depend on each other through required relationships: synclint prints the order they must sync in and reports cycles and children whose parent only exists once Salesforce has it.",
	Doc: `A child whose create needs its parent (master-detail, required lookup,
validation rule rejecting a blank lookup: see AS01) can only be created once
the parent exists in Salesforce. HubSpot reports the failure as "Waiting for
account to sync" and similar association errors
(knowledge.hubspot.com/salesforce/resolve-salesforce-integration-sync-errors).

What is computed statically: a graph whose nodes are the objects the
integration writes and whose edges go from child to parent for every
required relationship between them (unconditional requirements), plus
conditional edges for validation rules that require a parent only for some
values (for example won opportunities needing a project). The topological
order of the unconditional edges (parents first; objects at the same depth
alphabetically) is the required sync order: it is reported as a note,
stored in the result (SyncOrder) and printed by the text report as
"Required sync order: A → B → …".

Reported:

- **cycles** (strongly connected components of the graph): when every edge
  of the cycle is unconditional, no record of any of the objects can be
  created first (error); when a conditional edge closes the cycle, records
  that meet the condition cannot be created in one pass (warning), e.g. a
  deal created at Closed Won whose project needs the deal.
- **inversions**: a required parent that the integration syncs only one way
  or never creates (Contacts when new HubSpot contacts become Leads): the
  child's create waits until the parent exists in Salesforce (warning).

Optional lookups impose no order. With records nothing is counted.`,
	Fix: "Sync parents before children (import parents first), relax one requirement of each cycle (make a lookup optional or a rule conditional on ISNEW()), or let the integration create the parent object.",
	Run: runAS04,
})

type orderEdge struct {
	child, parent string
	rel           *Relation
	conditional   bool
	rule          RuleRequirement
}

func runAS04(p *Pass) {
	model := Relations(p)
	nodes := map[string]bool{}
	var names []string
	for _, so := range p.Sync.Objects {
		if writes(so) {
			nodes[so.Name] = true
			names = append(names, so.Name)
		}
	}
	sort.Strings(names)
	var edges []orderEdge
	for _, r := range model.Relations {
		if !nodes[r.Child.Name] {
			continue
		}
		if r.ParentSync == nil {
			// A required parent whose HubSpot object's sync is off: the
			// child would always come first (AS01 reports the rejection).
			if hs := hubspotObjectFor(r.Parent); hs != "" && r.Required() && r.Child.Creates && p.Config != nil && !p.Config.Syncs(hs) {
				reportAS04Inversion(p, r, hs)
			}
			continue
		}
		if r.ParentSync == r.Child {
			continue
		}
		if r.Required() && r.Child.Creates && r.Filled() && (!nodes[r.ParentSync.Name] || !r.ParentSync.Creates) {
			reportAS04Inversion(p, r, "")
		}
		if !nodes[r.ParentSync.Name] {
			continue
		}
		if r.Required() {
			edges = append(edges, orderEdge{child: r.Child.Name, parent: r.ParentSync.Name, rel: r})
			continue
		}
		for _, rr := range r.ConditionalRules() {
			edges = append(edges, orderEdge{child: r.Child.Name, parent: r.ParentSync.Name, rel: r, conditional: true, rule: rr})
			break
		}
	}
	order := topoOrder(names, edges)
	p.Shared.Get(SyncOrderKey, func() any { return order })
	reportAS04Order(p, order, edges)
	for _, cyc := range cycles(names, edges) {
		reportAS04Cycle(p, cyc, edges)
	}
}

// topoOrder returns the objects parents first, by depth then name; objects
// in unconditional cycles come last in name order.
func topoOrder(names []string, edges []orderEdge) []string {
	parents := map[string]map[string]bool{}
	for _, e := range edges {
		if e.conditional {
			continue
		}
		if parents[e.child] == nil {
			parents[e.child] = map[string]bool{}
		}
		parents[e.child][e.parent] = true
	}
	placed := map[string]bool{}
	var order []string
	for len(order) < len(names) {
		var level []string
		for _, n := range names {
			if placed[n] {
				continue
			}
			ready := true
			for par := range parents[n] {
				if !placed[par] {
					ready = false
					break
				}
			}
			if ready {
				level = append(level, n)
			}
		}
		if len(level) == 0 {
			for _, n := range names {
				if !placed[n] {
					level = append(level, n)
				}
			}
		}
		sort.Strings(level)
		for _, n := range level {
			placed[n] = true
		}
		order = append(order, level...)
	}
	return order
}

// cycles returns the strongly connected components with more than one
// object (Tarjan's algorithm over all edges), each sorted, in name order.
func cycles(names []string, edges []orderEdge) [][]string {
	adj := map[string][]string{}
	for _, e := range edges {
		adj[e.child] = append(adj[e.child], e.parent)
	}
	index, low := map[string]int{}, map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var out [][]string
	next := 0
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range adj[v] {
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var comp []string
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			if len(comp) > 1 {
				sort.Strings(comp)
				out = append(out, comp)
			}
		}
	}
	for _, n := range names {
		if _, seen := index[n]; !seen {
			visit(n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], ",") < strings.Join(out[j], ",") })
	return out
}

func edgeText(e orderEdge) string {
	s := fmt.Sprintf("%s needs %s (%s", e.child, e.parent, e.rel.Field.QualifiedName())
	if e.conditional {
		s += ", validation rule " + e.rule.Rule.Name + " when its other conditions hold: " + compactSpace(e.rule.Rule.Formula)
	} else {
		s += ", " + e.rel.Why()
	}
	return s + ")"
}

func reportAS04Order(p *Pass, order []string, edges []orderEdge) {
	if len(order) == 0 {
		return
	}
	ev := Evidence{}.Add("order", strings.Join(order, " → "))
	var deps []string
	for _, e := range edges {
		if !e.conditional {
			deps = append(deps, edgeText(e))
		}
	}
	if len(deps) == 0 {
		deps = append(deps, "no required relationships between the synced objects: any order works")
	}
	ev = ev.Add("dependencies", strings.Join(deps, "; "))
	loc := p.ConfigLocation("sync")
	if loc.File == "" {
		loc = p.ObjectLocation(p.Sync.Objects[0])
	}
	p.Report(Finding{
		Severity:  Note,
		Message:   "required sync order (parents first): " + strings.Join(order, " → "),
		Location:  loc,
		Component: "sync order",
		Key:       "order",
		Evidence:  ev,
		Fix:       "When loading existing data or re-syncing, sync the objects in this order so every parent exists before its children.",
	})
}

func reportAS04Cycle(p *Pass, comp []string, edges []orderEdge) {
	in := map[string]bool{}
	for _, n := range comp {
		in[n] = true
	}
	var chain []string
	conditional := false
	var loc Location
	for _, e := range edges {
		if !in[e.child] || !in[e.parent] {
			continue
		}
		chain = append(chain, edgeText(e))
		if e.conditional {
			conditional = true
			if loc.File == "" {
				loc = ruleLocation(e.rule.Rule)
			}
		}
	}
	if loc.File == "" {
		for _, e := range edges {
			if in[e.child] && in[e.parent] {
				loc = e.rel.RequirementLocation(p)
				break
			}
		}
	}
	sev := Error
	msg := fmt.Sprintf("%s require each other: no record of them can be created first", strings.Join(comp, " and "))
	fix := "Make one relationship of the cycle optional (or required only on update) so one side can be created first."
	if conditional {
		sev = Warning
		msg = fmt.Sprintf("%s depend on each other (one requirement holds only under a condition): records that meet it cannot be created in one pass", strings.Join(comp, " and "))
		fix = "Let the conditional rule skip new records (AND(NOT(ISNEW()), …)) or the integration user, so the record can be created first and linked on the next sync."
	}
	p.Report(Finding{
		Severity:  sev,
		Message:   msg,
		Location:  loc,
		Component: strings.Join(comp, " <-> "),
		Key:       "cycle",
		Evidence:  Evidence{}.Add("dependency chain", strings.Join(chain, "; ")),
		Fix:       fix,
	})
}

func reportAS04Inversion(p *Pass, r *Relation, syncOff string) {
	f := r.Field
	parent := r.Parent
	loc := r.RequirementLocation(p)
	var why string
	switch {
	case syncOff != "":
		why = fmt.Sprintf("HubSpot %s do not sync (sync.%s: false)", syncOff, syncOff)
		loc = p.ConfigLocation("sync." + syncOff)
	case !writes(r.ParentSync):
		why = parent + " syncs only from Salesforce (no mapping writes it)"
	default:
		why = parent + " is never created by the integration (it only updates existing records)"
	}
	p.Report(Finding{
		Message:   fmt.Sprintf("%s needs %s (%s) but %s: the %s would sync before its %s exists in Salesforce", r.Child.Name, withArticle(parent), f.QualifiedName(), why, r.Child.Name, parent),
		Location:  loc,
		Component: f.QualifiedName(),
		Object:    f.Object,
		Field:     f.Name,
		Key:       "inversion",
		Evidence:  Evidence{}.Add("dependency", fmt.Sprintf("%s → %s (%s)", f.QualifiedName(), parent, r.Why())).Add("parent", why),
		Fix:       fmt.Sprintf("Create the %s records in Salesforce before the %s records that need them sync, or let the integration create %s records.", parent, r.Child.Name, parent),
	})
}

package findings

import (
	"regexp"
	"sort"
	"strings"

	"github.com/synclint/synclint/metadata"
)

// Contact role requirements: automation that rejects an Opportunity save
// when it has no OpportunityContactRole. HubSpot creates contact roles from
// a deal's contact associations ("Contacts link through
// OpportunityContactRole", knowledge.hubspot.com/de/salesforce/sync-salesforce-opportunities-to-hubspot),
// and HubSpot deals need not have contacts. Used by AS08 (relationship
// HubSpot does not enforce) and AS12 (pipeline restriction).

// ContactRoleRequirement is one place that requires contact roles.
type ContactRoleRequirement struct {
	// Trigger is set for an Apex requirement: a trigger whose reachable
	// code queries OpportunityContactRole and calls addError.
	Trigger *TriggerReach
	// Mention locates the first OpportunityContactRole reference.
	Mention Location
	// Sites are the addError calls of the units that reference contact
	// roles.
	Sites []*ErrorSite
	// Stages are the StageName values the code compares with (== 'X').
	Stages []string
	// Rule is set for a validation rule reading a contact-role count field.
	Rule  *metadata.ValidationRule
	Field string
}

// Location is where the requirement is enforced (the first addError, or
// the rule).
func (c *ContactRoleRequirement) Location() Location {
	if c.Rule != nil {
		return ruleLocation(c.Rule)
	}
	if len(c.Sites) > 0 {
		s := c.Sites[0]
		return Location{File: s.Unit.Pos.File, Line: s.Line}
	}
	return c.Mention
}

// Name names the enforcing component (the trigger or the rule).
func (c *ContactRoleRequirement) Name() string {
	if c.Rule != nil {
		return c.Rule.QualifiedName()
	}
	return c.Trigger.Trigger.Name
}

var (
	stageLiteral     = regexp.MustCompile(`(?i)StageName\s*==\s*'((?:[^'\\]|\\.)*)'`)
	contactRoleField = regexp.MustCompile(`(?i)contact_?roles?`)
)

const contactRoleKey = "contactrole.requirements"

// contactRoleRequirements finds the contact role requirements on
// Opportunity (computed once).
func contactRoleRequirements(p *Pass) []*ContactRoleRequirement {
	return p.Shared.Get(contactRoleKey, func() any {
		var out []*ContactRoleRequirement
		opp := p.Sync.Object("Opportunity")
		if !writes(opp) {
			return out
		}
		for _, tr := range triggerReaches(p) {
			if !strings.EqualFold(tr.Trigger.Object, "Opportunity") || !triggerFires(tr.Trigger, opp) {
				continue
			}
			u, off := tr.Mentions("OpportunityContactRole")
			if u == nil {
				continue
			}
			req := &ContactRoleRequirement{Trigger: tr, Mention: Location{File: u.Pos.File, Line: u.line(off)}}
			mentioning := map[*apexUnit]bool{}
			for _, x := range tr.Units {
				if strings.Contains(strings.ToLower(x.clean), "opportunitycontactrole") {
					mentioning[x] = true
				}
			}
			for _, s := range tr.Sites {
				if mentioning[s.Unit] {
					req.Sites = append(req.Sites, s)
				}
			}
			if len(req.Sites) == 0 {
				continue
			}
			seen := map[string]bool{}
			for x := range mentioning {
				for _, m := range stageLiteral.FindAllStringSubmatch(x.src, -1) {
					if !seen[m[1]] {
						seen[m[1]] = true
						req.Stages = append(req.Stages, m[1])
					}
				}
			}
			sort.Strings(req.Stages)
			out = append(out, req)
		}
		// Validation rules cannot query contact roles, but orgs keep a
		// count in a field (roll-up by automation) and test it.
		if obj := opp.Object; obj != nil {
			for _, vr := range obj.ValidationRules {
				if !vr.Active {
					continue
				}
				for _, f := range obj.SortedFields() {
					if !f.Standard && contactRoleField.MatchString(f.Name) && regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(f.Name)+`\b`).MatchString(vr.Formula) {
						out = append(out, &ContactRoleRequirement{Rule: vr, Field: f.QualifiedName()})
						break
					}
				}
			}
		}
		return out
	}).([]*ContactRoleRequirement)
}

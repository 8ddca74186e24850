package findings

import (
	"fmt"
	"github.com/synclint/synclint/internal/textdist"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV12 checks HubSpot state and country values against the org's State
// and Country/Territory picklists.
var PV12 = Register(&Rule{
	ID:        "PV12",
	Name:      "state-country-picklist",
	Title:     "State/Country picklist standardization",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"address", "picklist", "state", "country", "property-value"},
	Summary:   "With State and Country/Territory picklists enabled, address state and country values HubSpot sends must be active integration values (or ISO codes for the Code fields); anything else is rejected.",
	Doc: `When an org enables State and Country/Territory picklists, the text address
fields (Country, MailingCountry, BillingState, …) become "Integration Value
fields" and a Code picklist is added beside each (CountryCode, BillingStateCode,
…; help "Integration Values for State and Country/Territory Picklists",
admin_state_country_picklists_integ_values.htm). Through the API:

- a text Country or State field takes the **integration value** of an
  **active** country or state ("Integration values function like the API names
  of custom fields and objects", help state_country_and_territory_picklist_fields);
  any other text fails with FIELD_INTEGRITY_EXCEPTION ("There's a problem with
  this country, even though it may appear correct", salesforce.stackexchange.com/q/122863).
  The country's label is not enough when it differs from the integration value
  ("Korea, Republic of" vs "South Korea"); common spellings such as "USA",
  "UK" or "Calif." fail unless the org made them integration values.
- a Code field takes the ISO code ("Codes are case insensitive").
- active = usable through the API, visible = shown to users: an active but
  hidden country (Mexico in many orgs) is accepted (salesforce-metadata.md §8,
  Metadata API AddressSettings).
- a state must belong to the record's country, and a country without
  configured states accepts no state; HubSpot's own guide says "Salesforce
  requires that if a record has a state value, a corresponding country must
  be provided" (knowledge.hubspot.com "Sync Salesforce state and country
  picklists with HubSpot").

Statically, dropdown options (hidden ones included: records still hold them)
that are not accepted are errors, named with the nearest valid value; a
free-text property into a country or state field is a warning, since HubSpot
accepts any text. With records, the values that would be rejected are counted
per field, including states whose country is blank or has no such state.

The check needs settings/Address.settings in the checkout. Its absence does
not mean the picklists are off (they are on in every new org), so without it
nothing is reported.

Example: companies.country options "UK" (nearest "United Kingdom", GB),
"Korea, Republic of" (the label of KR, whose integration value is "South
Korea") and "Russia" (RU is inactive) into Account.BillingCountry.`,
	Fix: "Send the integration values of active countries and states (or make the HubSpot properties dropdowns with exactly those values), and always send a country with a state.",
	Run: runPV12,
})

// addressPrefixes are the compound address prefixes of standard objects
// (Lead: "", Contact: Mailing/Other, Account and others: Billing/Shipping).
var addressPrefixes = []string{"", "Mailing", "Other", "Billing", "Shipping"}

// addressPart classifies a standard address field: part is "country" or
// "state", code is true for the Code picklists, prefix is the address.
func addressPart(field string) (prefix, part string, code bool) {
	if strings.HasSuffix(strings.ToLower(field), "__c") {
		return "", "", false
	}
	for _, p := range addressPrefixes {
		for _, s := range []struct {
			suffix, part string
			code         bool
		}{{"CountryCode", "country", true}, {"Country", "country", false}, {"StateCode", "state", true}, {"State", "state", false}} {
			if strings.EqualFold(field, p+s.suffix) {
				return p, s.part, s.code
			}
		}
	}
	return "", "", false
}

// countryAliases are spellings people use for countries, mapped to ISO
// codes, to name the nearest valid value.
var countryAliases = map[string]string{
	"usa": "US", "u.s.": "US", "u.s.a.": "US", "us": "US", "united states of america": "US", "america": "US",
	"uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
	"deutschland": "DE", "espana": "ES", "españa": "ES", "italia": "IT", "nederland": "NL", "holland": "NL",
	"schweiz": "CH", "suisse": "CH", "österreich": "AT", "osterreich": "AT", "brasil": "BR", "méxico": "MX",
	"korea": "KR", "republic of korea": "KR", "korea, republic of": "KR", "south korea": "KR", "russian federation": "RU",
	"uae": "AE", "prc": "CN", "people's republic of china": "CN", "nippon": "JP", "türkiye": "TR", "turkiye": "TR",
	"russia": "RU", "vietnam": "VN", "viet nam": "VN", "iran": "IR", "syria": "SY", "bolivia": "BO", "venezuela": "VE",
	"tanzania": "TZ", "taiwan": "TW", "czech republic": "CZ", "czechia": "CZ", "macedonia": "MK", "moldova": "MD",
	"laos": "LA", "the netherlands": "NL", "ivory coast": "CI", "cote d'ivoire": "CI",
}

// addressIndex is the Address settings in lookup form.
type addressIndex struct {
	settings  *metadata.AddressSettings
	byValue   map[string]*metadata.Country // integration value, exact
	byCode    map[string]*metadata.Country // upper-cased ISO code
	allStates map[string]bool              // integration values of active states of active countries
}

func newAddressIndex(a *metadata.AddressSettings) *addressIndex {
	ix := &addressIndex{settings: a, byValue: map[string]*metadata.Country{}, byCode: map[string]*metadata.Country{}, allStates: map[string]bool{}}
	for _, c := range a.Countries {
		ix.byValue[c.IntegrationValue] = c
		ix.byCode[strings.ToUpper(c.ISOCode)] = c
		if !c.Active {
			continue
		}
		for _, s := range c.States {
			if s.Active {
				ix.allStates[s.IntegrationValue] = true
			}
		}
	}
	return ix
}

// country resolves a value of a country field: the country (nil when
// none) and whether Salesforce accepts the value.
func (ix *addressIndex) country(v string, code bool) (*metadata.Country, bool) {
	var c *metadata.Country
	if code {
		c = ix.byCode[strings.ToUpper(v)]
	} else if c = ix.byValue[v]; c == nil {
		// Integration values are matched like picklist API names; a
		// case-only difference is not reported (not documented either way).
		for _, cc := range ix.settings.Countries {
			if strings.EqualFold(cc.IntegrationValue, v) {
				c = cc
				break
			}
		}
	}
	return c, c != nil && c.Active
}

// state reports whether v is an accepted state of country c.
func (ix *addressIndex) state(c *metadata.Country, v string, code bool) bool {
	for _, s := range c.States {
		if !s.Active {
			continue
		}
		if code && strings.EqualFold(s.ISOCode, v) || !code && (s.IntegrationValue == v || strings.EqualFold(s.IntegrationValue, v)) {
			return true
		}
	}
	return false
}

// explainCountry says why a country value fails and what to send instead.
func (ix *addressIndex) explainCountry(v string, code bool) (why string, pos metadata.Pos) {
	pos = ix.settings.Pos
	if c, _ := ix.country(v, code); c != nil {
		return fmt.Sprintf("%s is inactive (not usable through the API)", c.ISOCode), c.Pos
	}
	for _, c := range ix.settings.Countries {
		switch {
		case !code && strings.EqualFold(c.Label, v) && c.Active:
			return fmt.Sprintf("the label of %s; the field takes its integration value %s", c.ISOCode, quote(c.IntegrationValue)), c.Pos
		case !code && strings.EqualFold(c.ISOCode, v) && c.Active:
			return fmt.Sprintf("the ISO code of %s; the text field takes %s (or map the value to the CountryCode field)", quote(c.IntegrationValue), quote(c.IntegrationValue)), c.Pos
		case code && (strings.EqualFold(c.IntegrationValue, v) || strings.EqualFold(c.Label, v)) && c.Active:
			return fmt.Sprintf("a country name; the Code field takes the ISO code %s", c.ISOCode), c.Pos
		}
	}
	if iso, ok := countryAliases[strings.ToLower(strings.TrimSpace(v))]; ok {
		if c := ix.byCode[iso]; c != nil && c.Active {
			want := c.IntegrationValue
			if code {
				want = c.ISOCode
			}
			return fmt.Sprintf("not a value; nearest %s (%s)", quote(want), c.ISOCode), c.Pos
		}
	}
	best, bestD := (*metadata.Country)(nil), 1<<30
	lv := strings.ToLower(v)
	for _, c := range ix.settings.Countries {
		if !c.Active {
			continue
		}
		if d := textdist.Levenshtein(lv, strings.ToLower(c.IntegrationValue)); d < bestD {
			best, bestD = c, d
		}
	}
	if best != nil && bestD <= max(1, len([]rune(v))/3) {
		return fmt.Sprintf("not a value; nearest %s (%s)", quote(best.IntegrationValue), best.ISOCode), best.Pos
	}
	return "not a country of the org's picklist", pos
}

func runPV12(p *Pass) {
	if p.Org.Address == nil || len(p.Org.Address.Countries) == 0 {
		return // unknown: the checkout does not show the settings
	}
	ix := newAddressIndex(p.Org.Address)
	for _, t := range p.Sync.Targets {
		if t.Property == nil || t.Object == nil {
			continue
		}
		prefix, part, code := addressPart(t.Ref.Field)
		if part == "" {
			continue
		}
		switch part {
		case "country":
			pv12Country(p, ix, t, code)
		case "state":
			pv12State(p, ix, t, prefix, code)
		}
	}
}

func pv12Finding(p *Pass, ix *addressIndex, t *Target, sev Severity) *Finding {
	prop := t.Mapping.HubSpot.String()
	f := &Finding{
		Severity:        sev,
		Location:        locOf(ix.settings.Pos),
		Object:          t.Object.Name,
		Field:           t.Ref.Field,
		HubSpotProperty: prop,
		Key:             prop,
		Evidence:        Evidence{}.Add("HubSpot property", prop+" ("+propertyTypeLabel(t.Property)+")"),
	}
	if t.Field != nil {
		f.Field = t.Field.Name
	}
	if t.Property.Pos.File != "" {
		f.Related = append(f.Related, Location{File: t.Property.Pos.File, Line: t.Property.Pos.Line, Message: "HubSpot property " + prop})
	}
	return f
}

func pv12Country(p *Pass, ix *addressIndex, t *Target, code bool) {
	fieldName, prop := t.Object.Name+"."+t.Ref.Field, t.Mapping.HubSpot.String()
	takes := "the integration value of an active country"
	if code {
		takes = "the ISO code of an active country"
	}
	var f *Finding
	switch kindOf(t.Property) {
	case hsSelect, hsMulti:
		var bad []string
		var related []Location
		for _, o := range t.Property.Options {
			if _, ok := ix.country(o.Value, code); ok {
				continue
			}
			why, pos := ix.explainCountry(o.Value, code)
			bad = append(bad, optionLabel(o)+": "+why)
			if pos != ix.settings.Pos && pos.File != "" {
				related = append(related, Location{File: pos.File, Line: pos.Line, Message: "country for option " + quote(o.Value)})
			}
		}
		if len(bad) == 0 {
			f = pv12Finding(p, ix, t, Error)
			f.Key = prop + "#records"
			pv12CountryRecords(p, ix, t, f, code, true)
			return
		}
		f = pv12Finding(p, ix, t, Error)
		f.Related = append(f.Related, related...)
		f.Message = fmt.Sprintf("%d %s of %s %s not accepted by %s, which takes %s: Salesforce rejects records with %s (FIELD_INTEGRITY_EXCEPTION)", len(bad), plural(len(bad), "option", "options"), prop, plural(len(bad), "is", "are"), fieldName, takes, plural(len(bad), "it", "them"))
		f.Evidence = f.Evidence.Add("options not accepted", strings.Join(bad, "; "))
		f.Fix = fmt.Sprintf("Change those options of %s to the integration values of %s (or add the values as integration values in Setup > State and Country/Territory Picklists).", prop, fieldName)
	case hsText:
		f = pv12Finding(p, ix, t, Warning)
		f.Message = fmt.Sprintf("%s is free text in HubSpot but %s takes %s: spellings like \"USA\" or \"Deutschland\" are rejected (FIELD_INTEGRITY_EXCEPTION)", prop, fieldName, takes)
		f.Fix = fmt.Sprintf("Make %s a dropdown whose option values are the integration values of the org's active countries (HubSpot's recommended fix), or clean its values before they sync.", prop)
	default:
		return
	}
	f.Evidence = f.Evidence.Add("State and Country/Territory picklists", fmt.Sprintf("%d countries, %d active (settings/Address.settings)", len(ix.settings.Countries), activeCountries(ix)))
	pv12CountryRecords(p, ix, t, f, code, false)
}

func activeCountries(ix *addressIndex) int {
	n := 0
	for _, c := range ix.settings.Countries {
		if c.Active {
			n++
		}
	}
	return n
}

// pv12CountryRecords counts the records whose country value is rejected.
func pv12CountryRecords(p *Pass, ix *addressIndex, t *Target, f *Finding, code, recordsOnly bool) {
	fieldName, prop := t.Object.Name+"."+t.Ref.Field, t.Mapping.HubSpot.String()
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	values := map[string]int{}
	var order []string
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok {
				return
			}
			if v = trimASCIISpace(v); v == "" {
				return
			}
			if _, ok := ix.country(v, code); ok {
				return
			}
			if _, seen := values[v]; seen || len(order) < 10 {
				if !seen {
					order = append(order, v)
				}
				values[v]++
			}
			ensureStats(f).AddExample(r.ID, v, r.Line)
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing == 0 {
				return
			}
			f.Severity = Error
			var vals []string
			for _, v := range order {
				why, _ := ix.explainCountry(v, code)
				vals = append(vals, fmt.Sprintf("%s (%d): %s", quote(v), values[v], why))
			}
			f.Evidence = f.Evidence.Add("values rejected", strings.Join(vals, "; "))
			f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s that %s rejects: not an active country's %s (FIELD_INTEGRITY_EXCEPTION)", rs.Failing, n, prop, fieldName, map[bool]string{true: "ISO code", false: "integration value"}[code])
			if f.Fix == "" {
				f.Fix = fmt.Sprintf("Correct those values of %s in HubSpot to the integration values of active countries.", prop)
			}
		},
	})
	if recordsOnly {
		p.ReportDeferredIf(f, func() bool { return f.Records != nil && f.Records.Failing > 0 })
		return
	}
	p.ReportDeferred(f)
}

func pv12State(p *Pass, ix *addressIndex, t *Target, prefix string, code bool) {
	fieldName, prop := t.Object.Name+"."+t.Ref.Field, t.Mapping.HubSpot.String()
	var f *Finding
	recordsOnly := false
	switch kindOf(t.Property) {
	case hsSelect, hsMulti:
		var bad []string
		for _, o := range t.Property.Options {
			ok := false
			for _, c := range ix.settings.Countries {
				if c.Active && ix.state(c, o.Value, code) {
					ok = true
					break
				}
			}
			if !ok {
				bad = append(bad, optionLabel(o))
			}
		}
		f = pv12Finding(p, ix, t, Error)
		if len(bad) == 0 {
			f.Key = prop + "#records"
			recordsOnly = true
			break
		}
		f.Message = fmt.Sprintf("%d %s of %s %s not a state of any active country in %s's picklist: Salesforce rejects records with %s (FIELD_INTEGRITY_EXCEPTION)", len(bad), plural(len(bad), "option", "options"), prop, plural(len(bad), "is", "are"), fieldName, plural(len(bad), "it", "them"))
		f.Evidence = f.Evidence.Add("options not accepted", strings.Join(bad, ", "))
		f.Fix = fmt.Sprintf("Change those options of %s to the integration values of the org's active states, or add them as states in Setup > State and Country/Territory Picklists.", prop)
	case hsText:
		f = pv12Finding(p, ix, t, Warning)
		f.Message = fmt.Sprintf("%s is free text in HubSpot but %s only takes an active state of the record's country (and needs the country): abbreviations like \"Calif.\" and states without a country are rejected", prop, fieldName)
		f.Fix = fmt.Sprintf("Make %s a dropdown of the org's state integration values and require a country whenever a state is set in HubSpot.", prop)
	default:
		return
	}
	// The record's country comes from the mapping that writes the sibling
	// country field from the same HubSpot object.
	var countryCol *recordColumn
	countryCode := false
	for _, ct := range t.Object.Targets {
		pfx, part, cc := addressPart(ct.Ref.Field)
		if part == "country" && strings.EqualFold(pfx, prefix) && ct.Mapping.HubSpot.Object == t.Mapping.HubSpot.Object {
			countryCol, countryCode = newRecordColumn(ct.Mapping.HubSpot.Property), cc
			break
		}
	}
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	noCountry, notInCountry := 0, 0
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok {
				return
			}
			if v = trimASCIISpace(v); v == "" {
				return
			}
			if countryCol == nil {
				// The country is not written from HubSpot: only a state
				// no country has can be told apart.
				if !code && !ix.allStates[v] && !pv12AnyState(ix, v) {
					notInCountry++
					ensureStats(f).AddExample(r.ID, v, r.Line)
				}
				return
			}
			cv, _ := countryCol.get(r)
			cv = trimASCIISpace(cv)
			if cv == "" {
				noCountry++
				ensureStats(f).AddExample(r.ID, v+" (no country)", r.Line)
				return
			}
			c, ok := ix.country(cv, countryCode)
			if !ok {
				return // the country itself is rejected: reported on the country field
			}
			if !ix.state(c, v, code) {
				notInCountry++
				ensureStats(f).AddExample(r.ID, v+" ("+c.IntegrationValue+")", r.Line)
			}
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing == 0 {
				return
			}
			f.Severity = Error
			var parts []string
			if notInCountry > 0 {
				parts = append(parts, fmt.Sprintf("%d not a state of their country", notInCountry))
			}
			if noCountry > 0 {
				parts = append(parts, fmt.Sprintf("%d without a country", noCountry))
			}
			rs.Extra = rs.Extra.Add("rejected", strings.Join(parts, ", "))
			f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s that %s rejects (%s): FIELD_INTEGRITY_EXCEPTION", rs.Failing, n, prop, fieldName, strings.Join(parts, ", "))
			if f.Fix == "" {
				f.Fix = fmt.Sprintf("Correct those values of %s to the integration values of the country's states, and fill the country wherever a state is set.", prop)
			}
		},
	})
	if recordsOnly {
		p.ReportDeferredIf(f, func() bool { return f.Records != nil && f.Records.Failing > 0 })
		return
	}
	p.ReportDeferred(f)
}

// pv12AnyState reports whether v names an active state of any active
// country, ignoring case.
func pv12AnyState(ix *addressIndex, v string) bool {
	for _, c := range ix.settings.Countries {
		if c.Active && ix.state(c, v, false) {
			return true
		}
	}
	return false
}

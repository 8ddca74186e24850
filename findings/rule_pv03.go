package findings

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
)

// hubspotStringMax is the longest value a HubSpot string property holds:
// "A plain text strings, limited to 65,536 characters"
// (developers.hubspot.com/docs/api/crm/properties, type table).
const hubspotStringMax = 65536

// PV03 finds Salesforce text fields shorter than the HubSpot values they
// receive.
var PV03 = Register(&Rule{
	ID:        "PV03",
	Name:      "value-too-long",
	Title:     "Value longer than the Salesforce field allows",
	Category:  CategoryPropertyValue,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"length", "mapping", "property-value"},
	Summary:   "A Salesforce text field is shorter than the values the mapped HubSpot property can hold; longer values are rejected with STRING_TOO_LONG.",
	Doc: `Salesforce rejects a text value longer than its field with
STRING_TOO_LONG ("… (max length=255)"); it does not truncate API writes.
For every writing mapping into a text-like field synclint compares the field's
limit with the longest value the HubSpot property can hold:

- field limits: the declared length of Text, Text Area (Long), Rich Text and
  Encrypted Text fields; the fixed lengths of the other types — Email 80,
  Phone 40, Url 255, Text Area 255 (help "Custom Field Types"); standard field
  lengths from synclint's built-in table (Lead Title 128, Company 255,
  FirstName 40, City 40, PostalCode 20, …; cited in metadata/standard.go).
  Lengths count characters as Java does (UTF-16 code units: an emoji counts
  twice).
- HubSpot maximum: 65,536 characters for a string property (properties API
  type table); for a dropdown, the longest option; for multiple checkboxes,
  all options joined with ';'.

A free-text property into a shorter field is a **warning**: only long values
fail. An option longer than the field is an **error**: every record with it
fails. With records, the over-long values are counted (error when there are
any) and the longest is shown; when the export was read and no record exceeds
the limit, the finding drops to a **note** that names the longest value: the
data fits today, and only future values could fail.

Example: contacts.jobtitle (up to 65,536 characters) into Lead.Title (128).`,
	Fix: "Lengthen the Salesforce field (or change Text to Text Area (Long)), or limit the length of the HubSpot property in forms and imports.",
	Run: runPV03,
})

func runPV03(p *Pass) {
	for _, t := range p.Sync.Targets {
		if t.Field == nil || t.Property == nil || t.Field.IsCalculated() || !t.Field.Type.IsText() {
			continue
		}
		limit := t.Field.EffectiveLength()
		if limit <= 0 {
			continue
		}
		pv03Target(p, t, limit)
	}
}

func pv03Target(p *Pass, t *Target, limit int) {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	f := &Finding{
		Severity:        Warning,
		Location:        p.FieldLocation(t.Object, t.Field),
		Object:          t.Field.Object,
		Field:           t.Field.Name,
		HubSpotProperty: prop,
		Key:             prop,
		Evidence: Evidence{}.
			Add("limit", fmt.Sprintf("%s: %d characters (%s)", fieldName, limit, fieldTypeLabel(t.Field))),
	}
	if t.Field.Builtin && t.Field.Source != "" {
		f.Evidence = f.Evidence.Add("limit source", t.Field.Source)
	}
	recordsOnly := false
	switch kindOf(t.Property) {
	case hsText:
		if limit >= hubspotStringMax {
			recordsOnly = true // a HubSpot string always fits
			break
		}
		f.Message = fmt.Sprintf("%s holds up to %s characters in HubSpot but %s takes %d: longer values are rejected with STRING_TOO_LONG", prop, groupThousands(hubspotStringMax), fieldName, limit)
		f.Evidence = f.Evidence.Add("HubSpot maximum", groupThousands(hubspotStringMax)+" characters ("+propertyTypeLabel(t.Property)+")")
		f.Fix = fmt.Sprintf("Lengthen %s to hold the values %s has (or change it to Text Area (Long)), or limit %s to %d characters in HubSpot forms and imports.", fieldName, prop, prop, limit)
	case hsSelect, hsMulti:
		var long []string
		joined := 0
		for _, o := range t.Property.Options {
			n := SalesforceLength(o.Value)
			if joined > 0 {
				joined++ // ';'
			}
			joined += n
			if n > limit {
				long = append(long, fmt.Sprintf("%s (%d)", quote(o.Value), n))
			}
		}
		switch {
		case len(long) > 0:
			f.Severity = Error
			f.Message = fmt.Sprintf("%d %s of %s %s longer than the %d characters %s takes: records with them are rejected with STRING_TOO_LONG", len(long), plural(len(long), "option", "options"), prop, plural(len(long), "is", "are"), limit, fieldName)
			f.Evidence = f.Evidence.Add("options too long", strings.Join(long, ", "))
			f.Fix = fmt.Sprintf("Shorten the internal values of those options of %s, or lengthen %s.", prop, fieldName)
		case t.Property.IsMultiValue() && joined > limit:
			f.Message = fmt.Sprintf("%s can hold several options joined with ';' (up to %d characters) but %s takes %d: records with many options are rejected with STRING_TOO_LONG", prop, joined, fieldName, limit)
			f.Evidence = f.Evidence.Add("HubSpot maximum", fmt.Sprintf("%d characters (all %d options joined with ';')", joined, len(t.Property.Options)))
			f.Fix = fmt.Sprintf("Lengthen %s to %d characters or map %s to a multi-select picklist.", fieldName, joined, prop)
		default:
			recordsOnly = true
		}
	default:
		recordsOnly = true // numbers, dates, booleans: records decide
	}
	col := newRecordColumn(t.Mapping.HubSpot.Property)
	longest, longestID := 0, ""
	// maxSeen is the longest value of any record (in Salesforce's count),
	// so a run with records can say how far the data is from the limit.
	maxSeen, maxSeenBytes := 0, 0
	p.OnRecords(&RecordVisitor{
		Object: t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok {
				return
			}
			if len(v) > maxSeenBytes {
				maxSeenBytes = len(v)
				if n := SalesforceLength(v); n > maxSeen {
					maxSeen = n
				}
			}
			if len(v) <= limit {
				return // UTF-16 length never exceeds the byte length
			}
			n := SalesforceLength(v)
			if n <= limit {
				return
			}
			if n > longest {
				longest, longestID = n, r.ID
			}
			addExampleOf(ensureStats(f), r.ID, r.Line, func() string { return truncateRunes(v, 60) + " (" + strconv.Itoa(n) + " characters)" })
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if rs.Failing == 0 {
				if n > 0 && f.Severity == Warning {
					// The export shows the data fits today: what remains is
					// a hazard for future values, not a rejection.
					f.Severity = Note
					f.Message += fmt.Sprintf("; none of the %d HubSpot records exceeds it today (longest: %d)", n, maxSeen)
				}
				return
			}
			f.Severity = Error
			f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s longer than the %d characters %s takes (longest: %d); Salesforce rejects them with STRING_TOO_LONG", rs.Failing, n, prop, limit, fieldName, longest)
			rs.Extra = rs.Extra.Add("longest", fmt.Sprintf("%d characters (record %s)", longest, longestID))
			if f.Fix == "" {
				f.Fix = fmt.Sprintf("Lengthen %s to at least %d characters, or shorten those values of %s in HubSpot.", fieldName, longest, prop)
			}
		},
	})
	if recordsOnly {
		p.ReportDeferredIf(f, func() bool { return f.Records != nil && f.Records.Failing > 0 })
		return
	}
	p.ReportDeferred(f)
}

// groupThousands renders 65536 as "65,536".
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

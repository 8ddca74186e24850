package findings

import (
	"fmt"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// PV01 finds HubSpot values whose format the Salesforce field type rejects.
var PV01 = Register(&Rule{
	ID:        "PV01",
	Name:      "value-format-rejected",
	Title:     "Value format the Salesforce field type rejects",
	Category:  CategoryPropertyValue,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPropertyValues,
	Tags:      []string{"type", "format", "mapping", "property-value"},
	Summary:   "A HubSpot property is mapped to a Salesforce field whose type only accepts values in a format the property does not guarantee: text into numbers, dates or checkboxes, options that are not numbers, free text into Email fields.",
	Doc: `For every writing mapping (two-way or prefer-Salesforce-unless-blank), synclint
compares the HubSpot property's type with the Salesforce field's type.

Statically:

- **Free text into Number, Currency, Percent** (error): the API reads these as
  numbers; "$250k", "1,000" or "12M" fail. Numbers with more integer digits
  than precision − scale fail too with NUMBER_OUTSIDE_VALID_RANGE ("scale is the
  number of digits allowed to the right of the decimal, and precision is the
  total number of digits", developer forums 9060G000000BfsuQAC); extra decimals
  are stored as sent through the API (help KB 000212661), so they are not
  reported.
- **Dropdown options that are not numbers** into a number field (error): HubSpot
  sends the option's internal value ("4 hours", "1-5"); every record with such
  a value is rejected. Options that are numbers but too large for the field's
  precision are named too.
- **Free text into Date or DateTime** (error): the API takes yyyy-MM-dd for
  dates ("Specifying an offset for date is not supported") and
  yyyy-MM-ddTHH:mm:ss.SSS+/-HH:mm or …Z for dateTimes (REST API "Valid Date
  and DateTime Formats",
  developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_valid_date_formats.htm).
- **HubSpot datetime into Date** (note): accepted, but the time of day is
  dropped, and a timestamp late or early in the day can land on another date
  once taken in UTC. **HubSpot date into DateTime** (note): HubSpot dates are
  midnight UTC ("Date properties will only store the date, and must be set to
  midnight UTC", developers.hubspot.com timestamps FAQ), which Salesforce shows
  as the previous day west of UTC.
- **Free text into Checkbox** (error): "Boolean fields have one of these
  values: true (or 1), or false (or 0)" (SOAP API "Primitive Data Types").
  Boolean and enumeration properties into checkboxes are PV07's.
- **Free text into Email** (warning): Salesforce validates Email fields and
  answers INVALID_EMAIL_ADDRESS (help KB 000001145: letters, digits and
  the symbols !#$%&'*+-/=?^_{|}~ (and the grave accent) and '.' before
  the @, not starting with '.'; letters, digits,
  '-' and '.' after it). A HubSpot text property carries no format guarantee.
  HubSpot's own email property is validated by HubSpot (INVALID_EMAIL) and is
  not reported here; characters HubSpot accepts and Salesforce does not
  (non-ASCII local parts, zero-width spaces) are PV04's.

Phone and Url fields are not format-validated by Salesforce (a Phone is free
text up to 40 characters; a Url only has its 255-character length), so text
into them is never reported here (lengths are PV03's).

With records, every non-blank value is parsed as the field's type would and
the failing records are counted, with up to five examples; a warning becomes
an error when records fail. A free-text error that no current record trips is
lowered to a warning, since only future values can fail. Numbers that
overflow a field's precision are reported only with records.

Example: contacts.annual_budget (text) into Lead.Annual_Budget__c
(Currency(16,2)): "$250k" and "1.2M" are rejected.`,
	Fix: "Change the HubSpot property to the matching type (number, date picker, dropdown with values in the field's format), or map it to a text field in Salesforce.",
	Run: runPV01,
})

// pv01Target is one mapping PV01 checks: the static finding and the test
// each record value must pass.
type pv01Target struct {
	t *Target
	f *Finding
	// accepts reports whether Salesforce accepts a trimmed, non-blank value.
	accepts func(v string) bool
	// freeForm is true when the property is free text: an error no record
	// trips is lowered to a warning.
	freeForm bool
	// note marks findings that stay notes (lossy but accepted conversions);
	// records then count the values the conversion changes.
	note bool
	// recordsOnly findings are reported only when records fail.
	recordsOnly bool
	// reason says in a few words why values fail, for the records message.
	reason string
}

func runPV01(p *Pass) {
	for _, t := range p.Sync.Targets {
		if t.Field == nil || t.Property == nil || t.Field.IsCalculated() {
			continue
		}
		var c *pv01Target
		switch {
		case t.Field.Type.IsNumeric():
			c = pv01Number(p, t)
		case t.Field.Type == metadata.TypeDate || t.Field.Type == metadata.TypeDateTime:
			c = pv01Temporal(p, t)
		case t.Field.Type == metadata.TypeCheckbox:
			c = pv01Checkbox(p, t)
		case t.Field.Type == metadata.TypeEmail:
			c = pv01Email(p, t)
		}
		if c != nil {
			pv01Register(p, c)
		}
	}
}
func pv01Number(p *Pass, t *Target) *pv01Target {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	fits := func(v string) bool {
		n, ok := ParseNumber(v)
		return ok && FitsNumber(n, t.Field.Precision, t.Field.Scale)
	}
	limit := ""
	if t.Field.Precision > 0 {
		limit = fmt.Sprintf("; at most %d digits before the decimal point (largest %s)", t.Field.Precision-t.Field.Scale, MaxNumber(t.Field.Precision, t.Field.Scale))
	}
	switch kindOf(t.Property) {
	case hsText:
		f := targetFinding(p, t, Error)
		f.Message = fmt.Sprintf("%s is free text in HubSpot but %s is %s: values that are not plain numbers (\"$250k\", \"1,000\", \"12M\") are rejected", prop, fieldName, fieldTypeLabel(t.Field))
		f.Evidence = f.Evidence.Add("accepts", "numbers: digits, one decimal point, optional sign and exponent"+limit)
		f.Fix = fmt.Sprintf("Change %s to a HubSpot number property (or validate it as a number in forms and imports) so that only plain numbers sync to %s.", prop, fieldName)
		return &pv01Target{t: t, f: f, accepts: fits, freeForm: true, reason: "they are not plain numbers" + limit}
	case hsSelect, hsMulti:
		var notNumbers, tooLarge []string
		for _, o := range t.Property.Options {
			n, ok := ParseNumber(o.Value)
			switch {
			case !ok:
				notNumbers = append(notNumbers, optionLabel(o))
			case !FitsNumber(n, t.Field.Precision, t.Field.Scale):
				tooLarge = append(tooLarge, optionLabel(o))
			}
		}
		if len(notNumbers)+len(tooLarge) == 0 && t.Property.IsMultiValue() {
			// Each option is a number, but a record holding two of them
			// ("1;2") is not: records decide.
			f := targetFinding(p, t, Error)
			f.Message = fmt.Sprintf("records of %s hold several options joined with ';', which %s cannot read as a number", prop, fieldName)
			f.Fix = fmt.Sprintf("Make %s a single-select dropdown, or map it to a text or multi-select picklist field.", prop)
			return &pv01Target{t: t, f: f, accepts: fits, recordsOnly: true, reason: "several options joined with ';' are not a number"}
		}
		if len(notNumbers)+len(tooLarge) == 0 {
			// Every option fits; records may still hold deleted options.
			f := targetFinding(p, t, Error)
			f.Message = fmt.Sprintf("records of %s hold values that are not options any more and that %s cannot read as numbers", prop, fieldName)
			f.Fix = fmt.Sprintf("Replace the old values of %s in HubSpot with current options.", prop)
			return &pv01Target{t: t, f: f, accepts: fits, recordsOnly: true, reason: "values that are no longer options are not numbers"}
		}
		f := targetFinding(p, t, Error)
		bad := len(notNumbers) + len(tooLarge)
		if len(notNumbers) == len(t.Property.Options) {
			f.Message = fmt.Sprintf("no option of %s is a number, but %s is %s: every record with a value is rejected", prop, fieldName, fieldTypeLabel(t.Field))
		} else {
			f.Message = fmt.Sprintf("%d of %d options of %s are not numbers %s accepts (%s): records with them are rejected", bad, len(t.Property.Options), prop, fieldName, fieldTypeLabel(t.Field))
		}
		if len(notNumbers) > 0 {
			f.Evidence = f.Evidence.Add("options that are not numbers", strings.Join(notNumbers, ", "))
		}
		if len(tooLarge) > 0 {
			f.Evidence = f.Evidence.Add("options too large for the field", strings.Join(tooLarge, ", ")+limit)
		}
		f.Fix = fmt.Sprintf("Give the options of %s numeric internal values (\"4 hours\" → \"4\"), or map it to a picklist or text field instead of %s.", prop, fieldName)
		return &pv01Target{t: t, f: f, accepts: fits, reason: "the options are not numbers it accepts"}
	case hsNumber:
		if t.Field.Precision <= 0 {
			return nil
		}
		f := targetFinding(p, t, Error)
		f.Message = fmt.Sprintf("records of %s hold numbers with more than %d digits before the decimal point, which %s (%s) rejects with NUMBER_OUTSIDE_VALID_RANGE", prop, t.Field.Precision-t.Field.Scale, fieldName, fieldTypeLabel(t.Field))
		f.Evidence = f.Evidence.Add("accepts", "numbers"+limit)
		f.Fix = fmt.Sprintf("Increase the length of %s (precision − scale digits before the decimal point), or cap %s in HubSpot.", fieldName, prop)
		return &pv01Target{t: t, f: f, accepts: fits, recordsOnly: true, reason: "NUMBER_OUTSIDE_VALID_RANGE" + limit}
	case hsDate, hsDateTime:
		f := targetFinding(p, t, Error)
		f.Message = fmt.Sprintf("%s is a %s in HubSpot but %s is %s: a date is not a number", prop, t.Property.Type, fieldName, fieldTypeLabel(t.Field))
		f.Fix = fmt.Sprintf("Map %s to a Date or DateTime field instead of %s.", prop, fieldName)
		return &pv01Target{t: t, f: f, accepts: func(string) bool { return false }, reason: "a date is not a number"}
	}
	return nil
}

func pv01Temporal(p *Pass, t *Target) *pv01Target {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	isDate := t.Field.Type == metadata.TypeDate
	format, accepts := "yyyy-MM-ddTHH:mm:ss.SSSZ or yyyy-MM-ddTHH:mm:ss.SSS+/-HH:mm", func(v string) bool {
		_, ok := ParseSalesforceDateTime(v)
		return ok
	}
	if isDate {
		format, accepts = "yyyy-MM-dd", func(v string) bool {
			_, _, _, ok := ParseSalesforceDate(v)
			return ok
		}
	}
	switch kindOf(t.Property) {
	case hsText:
		f := targetFinding(p, t, Error)
		f.Message = fmt.Sprintf("%s is free text in HubSpot but %s is a %s field, which takes %s only: other text (\"06/30/2025\", \"Q3 2025\") is rejected", prop, fieldName, t.Field.Type, format)
		f.Evidence = f.Evidence.Add("accepts", format+" (REST API \"Valid Date and DateTime Formats\")")
		f.Fix = fmt.Sprintf("Change %s to a HubSpot date picker property, which the integration sends in the API's format, or map it to a text field.", prop)
		return &pv01Target{t: t, f: f, accepts: accepts, freeForm: true, reason: "a " + string(t.Field.Type) + " field takes " + format + " only"}
	case hsSelect, hsMulti:
		var bad []string
		for _, o := range t.Property.Options {
			if !accepts(o.Value) {
				bad = append(bad, optionLabel(o))
			}
		}
		if len(bad) == 0 {
			return nil
		}
		f := targetFinding(p, t, Error)
		f.Message = fmt.Sprintf("%d of %d options of %s are not in the %s format %s takes: records with them are rejected", len(bad), len(t.Property.Options), prop, format, fieldName)
		f.Evidence = f.Evidence.Add("options in another format", strings.Join(bad, ", "))
		f.Fix = fmt.Sprintf("Give the options of %s internal values in %s form, or make it a date picker property.", prop, format)
		return &pv01Target{t: t, f: f, accepts: accepts, reason: "a " + string(t.Field.Type) + " field takes " + format + " only"}
	case hsDateTime:
		if !isDate {
			return nil
		}
		f := targetFinding(p, t, Note)
		f.Message = fmt.Sprintf("%s is a datetime in HubSpot but %s is a Date: the time of day is dropped, and times near midnight can land on another day in UTC", prop, fieldName)
		f.Fix = fmt.Sprintf("Map %s to a DateTime field if the time matters, or to a HubSpot date property if only the day does.", prop)
		// Records: count the timestamps whose time of day is lost.
		keepsDay := func(v string) bool {
			ts, dateOnly, ok := ParseHubSpotTimestamp(v)
			return !ok || dateOnly || IsMidnightUTC(ts)
		}
		return &pv01Target{t: t, f: f, accepts: keepsDay, note: true}
	case hsDate:
		if isDate {
			return nil
		}
		f := targetFinding(p, t, Note)
		f.Message = fmt.Sprintf("%s is a date in HubSpot but %s is a DateTime: the integration writes midnight UTC, which shows as the previous day to users west of UTC", prop, fieldName)
		f.Fix = fmt.Sprintf("Map %s to a Date field, or make it a datetime property in HubSpot.", prop)
		return &pv01Target{t: t, f: f, accepts: func(string) bool { return true }, note: true}
	case hsNumber:
		f := targetFinding(p, t, Error)
		f.Message = fmt.Sprintf("%s is a number in HubSpot but %s is a %s field: numbers are not dates", prop, fieldName, t.Field.Type)
		f.Fix = fmt.Sprintf("Map %s to a number field instead of %s.", prop, fieldName)
		return &pv01Target{t: t, f: f, accepts: func(string) bool { return false }, reason: "numbers are not dates"}
	}
	return nil
}

func pv01Checkbox(p *Pass, t *Target) *pv01Target {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	accepts := func(v string) bool {
		_, ok := ParseSalesforceBoolean(v)
		return ok
	}
	switch kindOf(t.Property) {
	case hsText:
		f := targetFinding(p, t, Error)
		f.Message = fmt.Sprintf("%s is free text in HubSpot but %s is a Checkbox, which takes true, false, 1 or 0 only", prop, fieldName)
		f.Evidence = f.Evidence.Add("accepts", "true, false, 1, 0 (SOAP API \"Primitive Data Types\")")
		f.Fix = fmt.Sprintf("Change %s to a HubSpot single checkbox property, or map it to a text field.", prop)
		return &pv01Target{t: t, f: f, accepts: accepts, freeForm: true, reason: "a Checkbox takes true, false, 1 or 0 only"}
	case hsNumber:
		f := targetFinding(p, t, Warning)
		f.Message = fmt.Sprintf("%s is a number in HubSpot but %s is a Checkbox: only 1 and 0 are accepted", prop, fieldName)
		f.Evidence = f.Evidence.Add("accepts", "true, false, 1, 0 (SOAP API \"Primitive Data Types\")")
		f.Fix = fmt.Sprintf("Map a HubSpot single checkbox property to %s, or map %s to a number field.", fieldName, prop)
		return &pv01Target{t: t, f: f, accepts: accepts, freeForm: true, reason: "a Checkbox takes 1 or 0, no other number"}
	}
	return nil // booleans and enumerations: PV07
}

// hubspotValidatedEmail reports whether HubSpot itself validates the
// property as an email address: the contact's email property, which HubSpot
// refuses to set to an invalid address (INVALID_EMAIL; issues
// HubspotCommunity/hubspot-ruby#231, mautic/mautic#1074).
func hubspotValidatedEmail(p *hubspotschema.Property) bool {
	return hubspotschema.CanonicalObjectType(p.ObjectType) == "contacts" && strings.EqualFold(p.Name, "email")
}

func pv01Email(p *Pass, t *Target) *pv01Target {
	fieldName, prop := t.Field.QualifiedName(), t.Mapping.HubSpot.String()
	// Character problems (non-ASCII, zero-width, spaces) are PV04's; PV01
	// counts addresses of the wrong shape.
	accepts := func(v string) bool {
		pr := CheckEmail(v)
		return pr == EmailOK || pr.IsCharacterProblem()
	}
	switch kindOf(t.Property) {
	case hsText:
		if hubspotValidatedEmail(t.Property) {
			return nil
		}
		f := targetFinding(p, t, Warning)
		f.Message = fmt.Sprintf("%s is free text in HubSpot, with no email format check, but Salesforce validates %s: a malformed address is rejected with INVALID_EMAIL_ADDRESS", prop, fieldName)
		f.Evidence = f.Evidence.Add("accepts", "local@domain.tld: letters, digits and !#$%&'*+-/=?^_`{|}~. before the @ (help KB 000001145)")
		f.Fix = fmt.Sprintf("Validate %s as an email address in HubSpot forms and imports, or map it to a text field instead of %s.", prop, fieldName)
		return &pv01Target{t: t, f: f, accepts: accepts, freeForm: true, reason: "they are not valid email addresses (INVALID_EMAIL_ADDRESS)"}
	case hsSelect, hsMulti:
		var bad []string
		for _, o := range t.Property.Options {
			if !accepts(o.Value) {
				bad = append(bad, optionLabel(o))
			}
		}
		if len(bad) == 0 {
			return nil
		}
		f := targetFinding(p, t, Error)
		f.Message = fmt.Sprintf("%d options of %s are not email addresses, and %s rejects them with INVALID_EMAIL_ADDRESS", len(bad), prop, fieldName)
		f.Evidence = f.Evidence.Add("options that are not addresses", strings.Join(bad, ", "))
		f.Fix = fmt.Sprintf("Map %s to a text or picklist field instead of %s.", prop, fieldName)
		return &pv01Target{t: t, f: f, accepts: accepts, reason: "they are not valid email addresses (INVALID_EMAIL_ADDRESS)"}
	}
	return nil
}

func optionLabel(o hubspotschema.Option) string {
	s := quote(o.Value)
	if o.Hidden {
		s += " (hidden)"
	}
	return s
}

// pv01Register reports the finding (deferred: records refine it) and adds
// the record visitor.
func pv01Register(p *Pass, c *pv01Target) {
	f := c.f
	prop := c.t.Mapping.HubSpot.Property
	col := newRecordColumn(prop)
	staticSeverity, staticMessage := f.Severity, f.Message
	p.OnRecords(&RecordVisitor{
		Object: c.t.Mapping.HubSpot.Object,
		Visit: func(r *hubspotschema.Record) {
			v, ok := col.get(r)
			if !ok {
				return
			}
			v = trimASCIISpace(v)
			if v == "" || c.accepts(v) {
				return
			}
			ensureStats(f).AddExample(r.ID, v, r.Line)
		},
		Done: func(file string, n int64) {
			rs := ensureStats(f)
			rs.File, rs.Checked = file, n
			if !col.present() {
				return
			}
			switch {
			case c.note:
				if rs.Failing > 0 {
					f.Message = fmt.Sprintf("%s (%d of %d HubSpot records)", staticMessage, rs.Failing, n)
				}
			case rs.Failing > 0:
				f.Severity = Error
				f.Message = fmt.Sprintf("%d of %d HubSpot records hold a value of %s that %s rejects: %s", rs.Failing, n, c.t.Mapping.HubSpot, c.t.Field.QualifiedName(), c.reason)
			case c.freeForm && staticSeverity == Error:
				f.Severity = Warning
				f.Message = fmt.Sprintf("none of %d HubSpot records holds such a value today, but %s", n, staticMessage)
			}
		},
	})
	if c.recordsOnly {
		p.ReportDeferredIf(f, func() bool { return f.Records != nil && f.Records.Failing > 0 })
		return
	}
	p.ReportDeferred(f)
}

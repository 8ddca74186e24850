// Package formula implements the Salesforce formula language as it is
// evaluated in validation rules (errorConditionFormula): a lexer and parser
// with exact source positions, a printer, a type checker that reads field
// types through the small Schema interface, a translation to CEL
// (cel.dev/cel-go) and an evaluator with Salesforce's blank, decimal and
// three-valued logic semantics, plus analysis helpers (fields and globals a
// formula reads, literals it compares fields with, partial evaluation).
//
// The package knows no synclint rules, no HubSpot and no metadata loader.
//
// Semantics follow, in this order: Salesforce's documentation, the
// behaviour of Salesforce's open-source formula engine
// (github.com/salesforce/formula-engine, read for reference only, no code
// copied) and its gold files, and the notes in shared/design/formula-language.md.
// Every non-obvious choice cites its source next to the code.
//
// # Pipeline
//
//	f, err := formula.Parse(src)                    // syntax, positions
//	c, diags := formula.Check(f, formula.CheckOptions{Object: "Opportunity", Schema: s})
//	p, err := formula.Compile(src, formula.Options{Object: "Opportunity", Schema: s})
//	res, err := p.Eval(&formula.Input{Record: rec, IsNew: true, Now: now})
//
// Compile does the first three steps and builds a CEL program once; Eval
// may then run concurrently on many inputs.
//
// # Blank values
//
// Validation rules treat blank fields as blanks (not zeroes): a blank number,
// date, date/time or time is NULL and NULL propagates through arithmetic and
// comparisons; blank text is the empty string. A rule fires only when its
// formula is TRUE; FALSE, NULL and runtime errors do not fire it.
//
// # Numbers
//
// Numbers are float64 with decimal correction: comparisons treat values
// closer than 1e-14 relative as equal (0.1 + 0.2 = 0.3), and the functions
// whose result jumps at integer or decimal boundaries (FLOOR, CEILING, ROUND,
// TRUNC, MOD, MCEILING, MFLOOR, TEXT) first remove binary noise
// (1.0049999999999999 is 1.005) and round with decimal arithmetic. The
// Salesforce engine uses BigDecimal; the remaining difference is beyond the
// 15th–17th significant digit and in the decimal scale of TEXT() results
// (TEXT(1.50) is "1.5" here).
//
// # Analysis
//
// Checked (and Program) report the fields a formula reads (Fields: path,
// cross-object, read through ISCHANGED/PRIORVALUE), the globals it reads
// (Globals), and the constants it compares fields with (Literals, with
// Witnesses around each boundary). Program.Partial evaluates with some
// values unknown and returns TRUE, FALSE or unknown with the residual CEL
// condition and the references it still reads; Program.Exempts uses it to
// decide whether a running user ($User, $Profile, $UserRole, $Permission,
// $Setup, $Label values) makes the formula FALSE whatever the record holds.
//
// # Known differences from Salesforce
//
//   - CEL's && and || absorb errors commutatively: AND(1/0 > 1, FALSE) is
//     an error in Salesforce (left-to-right) and FALSE here. A TRUE/FALSE
//     outcome without errors is never changed (cel-go-notes.md §4).
//   - CASE evaluates only the branch it selects; Salesforce evaluates all
//     values and reports an error in any of them ([DOC] CASE).
//   - Numbers carry 15–17 significant digits, not BigDecimal's 38; TEXT()
//     drops trailing zeros (TEXT(1.50) = "1.5").
//   - VLOOKUP reads other records: its value is blank in Eval unless bound
//     (VLookupKey) and unknown in partial evaluation.
//   - Geolocation functions, FORMATCURRENCY, CURRENCYRATE and UI-only
//     functions (GETSESSIONID, GETRECORDIDS, URLFOR, …) are rejected with a
//     message saying why.
//
// # Unknown standard fields
//
// When the schema cannot resolve a name, a custom name (ending in __c, __r,
// __mdt, __x, …) is a type error, while a standard name is accepted with the
// dynamic type Any and reported as a warning-level Diagnostic: real orgs
// reference hundreds of standard fields that no metadata checkout describes.
package formula

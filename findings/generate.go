package findings

// The rule documentation (docs/rules/<ID>.md and the README rule table) is
// generated from this catalog; CI fails when it is stale.
//go:generate go run ../internal/gen/rulesdoc -root ..

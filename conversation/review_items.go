package conversation

import (
	"slices"
	"strings"
)

// The parts of a request an officer can name as wrong are the registration
// form's own fields and documents (RegistrationItems, labelled by
// RegistrationItemLabel), so the satker side asks again exactly those.

// isReviewItem reports whether key names a part of a request.
func isReviewItem(key string) bool {
	return slices.Contains(RegistrationItems(), key)
}

// itemList names items, escaped, joined by sep, in the order of the form;
// keys the form does not know come last, as they are.
func itemList(items []string, sep string) string {
	if len(items) == 0 {
		return "-"
	}
	var names []string
	for _, k := range RegistrationItems() {
		if slices.Contains(items, k) {
			names = append(names, EscapeHTML(RegistrationItemLabel(k)))
		}
	}
	for _, k := range items {
		if !isReviewItem(k) {
			names = append(names, EscapeHTML(k))
		}
	}
	return strings.Join(names, sep)
}

// toggled returns items with item added or removed, in the order of the form.
func toggled(items []string, item string) []string {
	on := !slices.Contains(items, item)
	var out []string
	for _, k := range RegistrationItems() {
		if k == item && on || k != item && slices.Contains(items, k) {
			out = append(out, k)
		}
	}
	return out
}

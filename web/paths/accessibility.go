package paths

// The accessibility statement and the requests for accessibility: public
// pages (no sign-in) and the administrators' pages.

// AccessibilityStatement is the public accessibility statement
// (deklaracja dostępności), linked from every page's footer.
func AccessibilityStatement() string { return "/deklaracja-dostepnosci" }

// AccessibilityRequestForm is the public form of a request for
// accessibility (art. 18); a POST sends one.
func AccessibilityRequestForm() string { return AccessibilityStatement() + "/zadanie" }

// AccessibilityRequestSent thanks the sender of a request.
func AccessibilityRequestSent() string { return AccessibilityRequestForm() + "/wyslane" }

// AdminAccessibility is the administrators' form of the statement; a POST
// saves it.
func AdminAccessibility() string { return "/admin/accessibility" }

// AdminAccessibilityRequests lists the requests for accessibility.
func AdminAccessibilityRequests() string { return AdminAccessibility() + "/requests" }

// AdminAccessibilityRequest is one request with its answer form; a POST
// records the answer.
func AdminAccessibilityRequest(requestID int64) string {
	return AdminAccessibilityRequests() + "/" + id(requestID)
}

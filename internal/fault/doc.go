// Package fault holds the fault test of the whole application (issue 7,
// "Faults"): the kaizen binary on its own PostgreSQL under mixed load,
// while the database is restarted (fast and immediate), the application's
// connections are killed and the application itself is killed and started
// again. It has no code but its tests; `make fault` runs the long form.
package fault

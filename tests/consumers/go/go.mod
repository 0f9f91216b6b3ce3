module example.com/consumer

go 1.21

require github.com/novitalabs/novita-errors/novitaerrors v1.0.0

// Published, the module comes from its repository; here, from the tree.
replace github.com/novitalabs/novita-errors/novitaerrors => ../../../generated/go

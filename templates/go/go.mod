{{ v.notice }}

module {{ v.module }}

go 1.21


//! The Go target: one module per spec at `<out>/go/`, standard library only.
//!
//! [`view::View`] maps the catalog to everything the templates under
//! `templates/go/` print (identifiers, escaped literals, doc comments), all
//! made by [`names`]. The runtime (`errors.go`, `retry.go`, `grpc.go`) does
//! not depend on the spec beyond the package name and is printed verbatim
//! (`ratelimit.go` and `document.go` too, beside a few constants);
//! `subcodes.go` exists only for a spec with `[subcodes.*]`.

use askama::Template;

use crate::output::Outputs;
use crate::resolve::Catalog;
use crate::serve::Plan;
use crate::targets::Target;
use crate::targets::package::Readme;

pub mod names;
mod server;
mod view;

use view::View;

pub struct Go;

#[derive(Template)]
#[template(path = "go/go.mod", escape = "none")]
struct GoMod<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/doc.go", escape = "none")]
struct DocGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/codes.go", escape = "none")]
struct CodesGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/classes.go", escape = "none")]
struct ClassesGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/envelope.go", escape = "none")]
struct EnvelopeGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/errors.go", escape = "none")]
struct ErrorsGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/grpc.go", escape = "none")]
struct GrpcGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/messages.go", escape = "none")]
struct MessagesGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/subcodes.go", escape = "none")]
struct SubcodesGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/retry.go", escape = "none")]
struct RetryGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/ratelimit.go", escape = "none")]
struct RateLimitGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/document.go", escape = "none")]
struct DocumentGo<'a> {
    v: &'a View,
}

#[derive(Template)]
#[template(path = "go/server.go", escape = "none")]
struct ServerGo<'a> {
    v: &'a server::ServerView,
}

impl Target for Go {
    fn reserved(&self) -> &'static [&'static str] {
        names::RESERVED
    }

    fn name(&self) -> &'static str {
        "go"
    }

    fn code_ident(&self, code: &str) -> String {
        names::code_const(code)
    }

    fn class_ident(&self, class_id: &str) -> String {
        names::class_const(class_id)
    }

    fn field_ident(&self, field: &str) -> String {
        names::field_name(field)
    }

    fn check_package(&self, name: &str) -> Result<(), String> {
        names::package_name(name).map(drop)
    }

    fn package<'a>(&self, catalog: &'a Catalog) -> &'a str {
        &catalog.packages.go
    }

    /// The package's `.go` files, without go.mod: a package of the host
    /// module, at the import path the vendored name gives.
    fn vendored_path(&self, path: &str, _: &Catalog) -> Option<String> {
        path.ends_with(".go").then(|| path.to_owned())
    }

    fn render(&self, catalog: &Catalog, plan: &Plan<'_>, out: &mut Outputs) -> Result<(), crate::Error> {
        let v = View::new(catalog)?;
        out.insert("go.mod", GoMod { v: &v }.render()?)?;
        let module = self.package(catalog);
        out.insert("README.md", Readme::new(catalog, module, "Go module", format!("go get {module}")).render()?)?;
        out.insert("doc.go", DocGo { v: &v }.render()?)?;
        out.insert("codes.go", CodesGo { v: &v }.render()?)?;
        out.insert("classes.go", ClassesGo { v: &v }.render()?)?;
        out.insert("envelope.go", EnvelopeGo { v: &v }.render()?)?;
        out.insert("errors.go", ErrorsGo { v: &v }.render()?)?;
        out.insert("grpc.go", GrpcGo { v: &v }.render()?)?;
        out.insert("messages.go", MessagesGo { v: &v }.render()?)?;
        out.insert("server.go", ServerGo { v: &server::ServerView::new(catalog, plan, &v.package) }.render()?)?;
        if !v.subcodes.is_empty() {
            out.insert("subcodes.go", SubcodesGo { v: &v }.render()?)?;
        }
        out.insert("retry.go", RetryGo { v: &v }.render()?)?;
        out.insert("ratelimit.go", RateLimitGo { v: &v }.render()?)?;
        out.insert("document.go", DocumentGo { v: &v }.render()?)?;
        Ok(())
    }
}

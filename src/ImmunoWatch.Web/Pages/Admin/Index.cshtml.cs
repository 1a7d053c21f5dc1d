using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>/admin: the sources page is the admin's start.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/admin/sources");
}

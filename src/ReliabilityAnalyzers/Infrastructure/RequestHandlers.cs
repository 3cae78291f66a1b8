using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Methods a web framework calls on a request thread for every request: MVC / Web API controller actions (ASP.NET Core
    /// and classic ASP.NET), Razor Pages handlers and SignalR hub methods. Matched by the framework base type, never by
    /// the class name alone.
    /// </summary>
    internal static class RequestHandlers
    {
        private const string CoreControllerBase = "Microsoft.AspNetCore.Mvc.ControllerBase";
        private const string ClassicMvcController = "System.Web.Mvc.ControllerBase";
        private const string ClassicApiController = "System.Web.Http.ApiController";
        private const string PageModel = "Microsoft.AspNetCore.Mvc.RazorPages.PageModel";
        private const string Hub = "Microsoft.AspNetCore.SignalR.Hub";

        /// <summary>"controller action", "Razor Pages handler", "SignalR hub method", or null for any other method.</summary>
        internal static string? KindOf(IMethodSymbol? method, KnownTypes types)
        {
            if (method is null || method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.IsOverride || method.IsAbstract
                || method.IsGenericMethod || method.DeclaredAccessibility != Accessibility.Public || method.Name == "Dispose")
            {
                return null; // framework hooks (OnActionExecuting, OnConnectedAsync) are overrides; generic methods are never actions
            }

            INamedTypeSymbol? type = method.ContainingType;
            if (type is null || type.TypeKind != TypeKind.Class || HasNonActionAttribute(method))
            {
                return null;
            }

            if (type.InheritsFromOrEquals(types.Get(CoreControllerBase)) || type.InheritsFromOrEquals(types.Get(ClassicMvcController))
                || type.InheritsFromOrEquals(types.Get(ClassicApiController)))
            {
                return "controller action";
            }

            if (type.InheritsFromOrEquals(types.Get(PageModel)))
            {
                // OnGet, OnPostAsync, OnPostDelete: only the handler methods, not helpers of the page model.
                string name = method.Name;
                return name.Length > 2 && name.StartsWith("On", System.StringComparison.Ordinal) && char.IsUpper(name[2]) ? "Razor Pages handler" : null;
            }

            return type.InheritsFromOrEquals(types.Get(Hub)) ? "SignalR hub method" : null;
        }

        private static bool HasNonActionAttribute(IMethodSymbol method)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                string? name = attribute.AttributeClass?.Name;
                if (name == "NonActionAttribute" || name == "NonHandlerAttribute")
                {
                    return true;
                }
            }

            return false;
        }
    }
}

using Docket.Domain.Access;
using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Functions.Identity;

namespace Docket.Functions.Authorization;

/// <summary>What the filters established about a request, for the function to read.</summary>
public static class RequestAccess
{
    /// <summary>The authenticated caller; only anonymous functions run without one.</summary>
    public static Caller Caller(this HttpRequest request) => AuthenticationFilter.CallerOf(request);

    /// <summary>
    /// The caller's access to the route's project (functions declaring <see cref="RequiresProjectAttribute"/>).
    /// </summary>
    public static ProjectAccess ProjectAccess(this HttpRequest request) => ProjectAccessFilter.AccessOf(request);

    /// <summary>
    /// The route's work stage (functions declaring <see cref="RequiresProjectAttribute.WorkStage"/>).
    /// </summary>
    public static Stage WorkStage(this HttpRequest request) => ProjectAccessFilter.WorkStageOf(request);
}

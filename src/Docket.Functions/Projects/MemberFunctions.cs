using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Application.Projects;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Projects;

public sealed class MemberFunctions(MemberService members)
{
    [Operation("Projects",
        "Add a member or change their role. The user must exist (PUT /api/users/{email} first).",
        Body = typeof(Api.PutMemberRequest))]
    [Answers(200, "Updated.", Body = typeof(Api.Member))]
    [Answers(201, "Added.", Body = typeof(Api.Member))]
    [Function(nameof(PutMember))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> PutMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put",
            Route = "projects/{projectId}/members/{email}")] HttpRequest request,
        string projectId, string email, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (bodyProblem is not null) return bodyProblem;

        if (!EmailAddress.TryNormalize(email, out var normalized)) fields.Fail("email", "is not a valid email address");
        var workflow = access.Project.Workflow;
        var body = ProjectRequests.PutMember(fields, workflow);
        if (fields.IsValid && !await members.IsUserAsync(normalized, cancellationToken))
            fields.Fail("email", $"no user '{normalized}'; create it first with PUT /api/users/{{email}}");
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var (membership, created) = await members.PutAsync(projectId, normalized, body.Role.ToDomain(), body.Stages,
            cancellationToken);
        return Results.Json(ProjectResponses.Member(membership, workflow), DocketJson.Options,
            statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    [Operation("Projects", "Remove a member.")]
    [Answers(204, "Removed; their automatic assignments return to the pool at the next rebalance.")]
    [Function(nameof(RemoveMember))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> RemoveMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete",
            Route = "projects/{projectId}/members/{email}")] HttpRequest request,
        string projectId, string email, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
            return Problems.Validation("email", "is not a valid email address");
        return await members.RemoveAsync(projectId, normalized, cancellationToken)
            ? Results.NoContent()
            : Problems.NotFound($"'{normalized}' is not a member of project '{projectId}'.");
    }

    [Operation("Projects", "The project's members.")]
    [Answers(200, "The members, by email.", Body = typeof(IReadOnlyList<Api.Member>))]
    [Function(nameof(ListMembers))]
    [RequiresProject(ProjectRequirement.ManageTasks)]
    public async Task<IResult> ListMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/members")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var workflow = request.ProjectAccess().Project.Workflow;
        var list = await members.ListAsync(projectId, cancellationToken);
        return Results.Json(list.Select(m => ProjectResponses.Member(m, workflow)).ToList(),
            DocketJson.Options);
    }
}

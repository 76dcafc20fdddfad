using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Storage.Identity;
using Docket.Storage.Projects;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Projects;

public sealed class MemberFunctions(MemberStore members, UserStore users)
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
        var role = fields.Enum<ProjectRole>("role", required: true);
        var stages = fields.StringList("stages", maxCount: 10);
        var workflow = access.Project.Workflow;
        for (var i = 0; i < (stages?.Count ?? 0); i++)
        {
            var stage = workflow.Find(stages![i]);
            if (stage is null) fields.Fail($"stages[{i}]", $"'{stages[i]}' is not a stage of this project");
            else if (stage.IsTerminal) fields.Fail($"stages[{i}]", "nobody works in Ground Truth");
        }
        if (fields.IsValid && await users.GetAsync(normalized, cancellationToken) is null)
            fields.Fail("email", $"no user '{normalized}'; create it first with PUT /api/users/{{email}}");
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        // Admins and managers work in every stage; a stage list only narrows what a member may take.
        var stageList = role == ProjectRole.Member ? stages?.Distinct().ToList() : null;
        var existed = await members.GetAsync(projectId, normalized, cancellationToken) is not null;
        var membership = await members.PutAsync(projectId, normalized, role!.Value, stageList, cancellationToken);
        var body = ProjectResponses.Member(membership, workflow);
        return Results.Json(body, DocketJson.Options,
            statusCode: existed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
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
        return Results.Json(list.OrderBy(m => m.Email).Select(m => ProjectResponses.Member(m, workflow)).ToList(),
            DocketJson.Options);
    }
}

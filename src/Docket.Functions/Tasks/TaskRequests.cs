using Api = Docket.Contracts;

namespace Docket.Functions.Tasks;

/// <summary>
/// The bodies of the work routes, read into their contract records, every problem noted on the reader.
/// </summary>
public static class TaskRequests
{
    public const int MaxCommentLength = 2000;

    public static Api.FinalizeRequest Finalize(FieldReader fields)
    {
        var text = fields.String("review");
        Api.ReviewDecision? decision = text switch
        {
            "accept" => Api.ReviewDecision.Accept,
            "reject" => Api.ReviewDecision.Reject,
            _ => null,
        };
        if (text is not null && decision is null) fields.Fail("review", "must be \"accept\" or \"reject\"");
        return new Api.FinalizeRequest(decision);
    }

    public static Api.IssueRequest Issue(FieldReader fields) =>
        new(fields.String("comment", required: true, maxLength: MaxCommentLength) ?? "");

    public static Api.ResolveRequest Resolve(FieldReader fields) =>
        new(fields.String("comment", maxLength: MaxCommentLength));
}

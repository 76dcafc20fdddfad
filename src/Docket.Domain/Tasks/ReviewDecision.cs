namespace Docket.Domain.Tasks;

public enum ReviewDecision
{
    Accept,
    Reject,
}

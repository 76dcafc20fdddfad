using Docket.Domain.Validation;

namespace Docket.Domain.Tests.Validation;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("Brain MRI 2026")]
    [InlineData("Ünïcödé – 日本語 😀")]
    [InlineData("")]
    public void Ordinary_text_is_kept(string text) => Assert.Null(TextRules.Problem(text));

    [Theory]
    [InlineData("a\u0000b", "must not contain control characters (U+0000 at position 2)")]
    [InlineData("line\nbreak", "must not contain control characters (U+000A at position 5)")]
    [InlineData("\u001b[2J", "must not contain control characters (U+001B at position 1)")]
    [InlineData("c1\u0085", "must not contain control characters (U+0085 at position 3)")]
    [InlineData("report\u202Egpj.exe", "must not contain bidirectional formatting characters or noncharacters (U+202E at position 7)")]
    [InlineData("\u2066isolate", "must not contain bidirectional formatting characters or noncharacters (U+2066 at position 1)")]
    [InlineData("end\uFFFF", "must not contain bidirectional formatting characters or noncharacters (U+FFFF at position 4)")]
    public void Control_and_bidirectional_formatting_characters_are_refused_with_their_place(string text,
        string problem) =>
        Assert.Equal(problem, TextRules.Problem(text));
}

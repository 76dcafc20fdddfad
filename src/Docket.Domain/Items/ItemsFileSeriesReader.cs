using System.Runtime.InteropServices;
using System.Text.Json;

namespace Docket.Domain.Items;

/// <summary>
/// Checks an entry's series (or the legacy entry-level items) and produces the series JSON to store. Only
/// <c>items</c> is checked: every other series field belongs to the viewers and is kept as given.
/// </summary>
static class ItemsFileSeriesReader
{
    /// <summary>The series as compact JSON, or null after reporting why it cannot be used.</summary>
    public static string? Read(JsonElement? seriesValue, JsonElement? legacyItemsValue, EntryErrors errors)
    {
        var hasSeries = ItemsFileEntryReader.IsGiven(seriesValue, out var series);
        var hasLegacyItems = ItemsFileEntryReader.IsGiven(legacyItemsValue, out var legacyItems);
        if (!hasSeries && !hasLegacyItems)
        {
            errors.Add("series", "is required (or the legacy items field)");
            return null;
        }
        if (hasSeries && hasLegacyItems)
        {
            errors.Add("series", "give either series or the legacy items field, not both");
            // Both are still checked, so that the next attempt does not fail on something already visible now.
            CheckSeries(series, errors);
            CheckItems(legacyItems, seriesIndex: null, errors);
            return null;
        }

        if (hasLegacyItems)
        {
            if (!CheckItems(legacyItems, seriesIndex: null, errors))
                return null;
            // Stored in the series shape, so that everything downstream handles one form only.
            var legacySeriesJson = "[{\"items\":" + CompactJson.Of(legacyItems) + "}]";
            return ItemsFileEntryReader.WithinLimit(legacySeriesJson, "items", ItemsFileLimits.MaxSeriesJsonLength,
                errors);
        }

        if (!CheckSeries(series, errors))
            return null;
        return ItemsFileEntryReader.WithinLimit(CompactJson.Of(series), "series", ItemsFileLimits.MaxSeriesJsonLength,
            errors);
    }

    static bool CheckSeries(JsonElement series, EntryErrors errors)
    {
        if (series.ValueKind != JsonValueKind.Array)
        {
            errors.Add("series", "must be a list of series objects");
            return false;
        }
        if (series.GetArrayLength() == 0)
        {
            errors.Add("series", "must not be empty");
            return false;
        }

        var valid = true;
        var seriesIndex = 0;
        foreach (var one in series.EnumerateArray())
        {
            valid &= CheckOneSeries(one, seriesIndex, errors);
            seriesIndex++;
        }
        return valid;
    }

    static bool CheckOneSeries(JsonElement series, int seriesIndex, EntryErrors errors)
    {
        if (series.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"series[{seriesIndex}]", "must be an object");
            return false;
        }

        var items = default(JsonElement);
        var itemsCount = 0;
        foreach (var property in series.EnumerateObject())
        {
            if (property.NameEquals("items"u8))
            {
                items = property.Value;
                itemsCount++;
            }
        }
        if (itemsCount > 1)
        {
            errors.Add(ItemsField(seriesIndex), "appears more than once in the series");
            return false;
        }
        if (items.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            errors.Add(ItemsField(seriesIndex), "is required");
            return false;
        }
        return CheckItems(items, seriesIndex, errors);
    }

    /// <summary>
    /// Checks the items of a series, or the entry-level items of the legacy form when seriesIndex is null.
    /// </summary>
    static bool CheckItems(JsonElement items, int? seriesIndex, EntryErrors errors)
    {
        switch (items.ValueKind)
        {
            case JsonValueKind.String:
                if (IsBlank(items))
                {
                    errors.Add(ItemsField(seriesIndex), "must not be empty");
                    return false;
                }
                return true;

            case JsonValueKind.Array:
                if (items.GetArrayLength() == 0)
                {
                    errors.Add(ItemsField(seriesIndex), "must not be empty");
                    return false;
                }
                var valid = true;
                var itemIndex = 0;
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || IsBlank(item))
                    {
                        errors.Add($"{ItemsField(seriesIndex)}[{itemIndex}]", "must be a non-empty string");
                        valid = false;
                    }
                    itemIndex++;
                }
                return valid;

            default:
                errors.Add(ItemsField(seriesIndex), "must be a string or a list of strings");
                return false;
        }
    }

    // Built only when reporting, since a large file has hundreds of thousands of series.
    static string ItemsField(int? seriesIndex) => seriesIndex is { } i ? $"series[{i}].items" : "items";

    /// <summary>Whether a string is empty or whitespace: a blank item can never locate an image.</summary>
    static bool IsBlank(JsonElement text)
    {
        // Items are many, so the usual case (starting with a visible ASCII character) is decided on the raw
        // bytes, quotes included; anything else (escapes, leading spaces, non-ASCII) is read and checked fully.
        var quoted = JsonMarshal.GetRawUtf8Value(text);
        if (quoted.Length > 2 && quoted[1] is > (byte)' ' and < 0x7F and not (byte)'\\')
            return false;
        return string.IsNullOrWhiteSpace(text.GetString());
    }
}

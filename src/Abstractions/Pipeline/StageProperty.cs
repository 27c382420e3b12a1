using System.Globalization;

namespace PluggableDmaBuf;

/// <summary>
/// A typed option a stage declares (<see cref="PipelineStage.Properties"/>): its name as pipeline
/// descriptions and configuration spell it, its type, default, allowed values and description. The
/// host binds values from the pipeline description (<c>gpu0:convert matrix=bt709</c>) and from
/// configuration before the run starts, refuses an unknown or invalid one naming the property, and
/// hands the stage a <see cref="StageOptions"/> from which it reads typed values.
/// </summary>
/// <remarks>
/// Create properties with the factory methods (<see cref="Int32"/>, <see cref="String"/>,
/// <see cref="Choice"/>, <see cref="Boolean"/>) and keep them in static fields of the stage. Immutable
/// and thread safe. The names <c>name</c> and <c>start-at</c> are the host's and cannot be declared.
/// </remarks>
public abstract class StageProperty
{
    private protected StageProperty(string name, string typeName, string description, IReadOnlyList<string>? allowed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(description);
        if (!IsValidName(name))
        {
            throw new InvalidConstraintException("name", $"'{name}' is not a property name (lower-case letters, digits and '-', starting with a letter)");
        }

        if (name is "name" or "start-at")
        {
            throw new InvalidConstraintException("name", $"'{name}' is reserved by the host for every element");
        }

        Name = name;
        TypeName = typeName;
        Description = description;
        AllowedValues = allowed;
    }

    /// <summary>The property's name, for example <c>snapshot-every</c>.</summary>
    public string Name { get; }

    /// <summary>The type as listings show it: <c>int</c>, <c>string</c>, <c>bool</c> or <c>choice</c>.</summary>
    public string TypeName { get; }

    /// <summary>What the property does, for <c>pdmabuf inspect</c>.</summary>
    public string Description { get; }

    /// <summary>The allowed values of a choice; <c>null</c> for other types.</summary>
    public IReadOnlyList<string>? AllowedValues { get; }

    /// <summary>The default value as text.</summary>
    public abstract string DefaultText { get; }

    /// <summary>A short description of the accepted values, for example <c>0 to 1000000</c>.</summary>
    public abstract string Range { get; }

    /// <summary>An integer property.</summary>
    /// <param name="name">The name.</param>
    /// <param name="defaultValue">The default, within the range.</param>
    /// <param name="description">What it does.</param>
    /// <param name="minimum">The smallest accepted value.</param>
    /// <param name="maximum">The largest accepted value.</param>
    /// <returns>The property.</returns>
    public static StageProperty<int> Int32(string name, int defaultValue, string description, int minimum = int.MinValue, int maximum = int.MaxValue) =>
        new(name, "int", description, null, defaultValue,
            minimum == int.MinValue && maximum == int.MaxValue ? "any integer" : $"{minimum} to {maximum}",
            text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value >= minimum && value <= maximum ? value : throw Invalid(name, text, $"is outside {minimum} to {maximum}")
                : throw Invalid(name, text, "is not an integer"),
            value => value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A text property (a file name, a pattern name).</summary>
    /// <param name="name">The name.</param>
    /// <param name="defaultValue">The default.</param>
    /// <param name="description">What it does.</param>
    /// <param name="allowEmpty">Whether an empty value is accepted (default: refused).</param>
    /// <returns>The property.</returns>
    public static StageProperty<string> String(string name, string defaultValue, string description, bool allowEmpty = false) =>
        new(name, "string", description, null, defaultValue, allowEmpty ? "any text" : "any non-empty text",
            text => allowEmpty || text.Length > 0 ? text : throw Invalid(name, text, "must not be empty"),
            value => value);

    /// <summary>A property whose value is one of a fixed list of words.</summary>
    /// <param name="name">The name.</param>
    /// <param name="allowed">The allowed values; at least one, no duplicates.</param>
    /// <param name="defaultValue">The default, one of <paramref name="allowed"/>.</param>
    /// <param name="description">What it does.</param>
    /// <returns>The property.</returns>
    public static StageProperty<string> Choice(string name, IReadOnlyList<string> allowed, string defaultValue, string description)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (allowed.Count == 0 || allowed.Distinct(StringComparer.Ordinal).Count() != allowed.Count)
        {
            throw new InvalidConstraintException(name, "a choice needs at least one value and no duplicates");
        }

        string[] values = [.. allowed];
        var joined = string.Join(", ", values);
        return new(name, "choice", description, values, defaultValue, $"one of {joined}",
            text => Array.IndexOf(values, text) >= 0 ? text : throw Invalid(name, text, $"is not one of {joined}"),
            value => value);
    }

    /// <summary>A yes/no property (<c>true</c> or <c>false</c>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="defaultValue">The default.</param>
    /// <param name="description">What it does.</param>
    /// <returns>The property.</returns>
    public static StageProperty<bool> Boolean(string name, bool defaultValue, string description) =>
        new(name, "bool", description, null, defaultValue, "true or false",
            text => text switch
            {
                "true" => true,
                "false" => false,
                _ => throw Invalid(name, text, "is not true or false"),
            },
            value => value ? "true" : "false");

    /// <summary>Parses <paramref name="text"/> and checks it, returning the typed value boxed.</summary>
    /// <param name="text">The value as the description or configuration gives it.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidConstraintException">The value does not parse or is not allowed; the message names the property.</exception>
    public abstract object ParseValue(string text);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({TypeName}, default {DefaultText})";

    private static InvalidConstraintException Invalid(string name, string text, string problem) =>
        new(name, $"'{Shorten(text)}' {problem}");

    /// <summary>A value as messages quote it: at most 40 characters, control characters escaped.</summary>
    private static string Shorten(string text)
    {
        var cut = text.Length > 40 ? text[..40] + "…" : text;
        return string.Create(cut.Length, cut, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    private static bool IsValidName(string name)
    {
        if (!char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}

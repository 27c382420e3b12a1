using PluggableDmaBuf.Host.Text;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// Checks a configuration section against the options type it binds to, key by key, before the
/// binder sees it: a misspelt key (which the binder would ignore, leaving a default in force) and a
/// value that does not convert are both errors naming the setting's path. The configuration binder
/// reports these only as message text, so they are found here, with the converters the binder uses.
/// </summary>
internal static class SettingsShape
{
    /// <summary>Checks <paramref name="node"/> as a <paramref name="type"/>.</summary>
    /// <param name="node">The section.</param>
    /// <param name="type">The options type bound from it.</param>
    /// <param name="subSections">Children of <paramref name="node"/> that are sections of their own, checked elsewhere.</param>
    /// <exception cref="BadInputException">A key is unknown or a value does not convert.</exception>
    public static void Check(IConfigurationSection node, Type type, IReadOnlyCollection<string>? subSections = null)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            CheckScalar(node, type);
            return;
        }

        if (node.Value is { Length: > 0 } stray && !node.GetChildren().Any())
        {
            throw new BadInputException(node.Path, $"expected a section, got the value '{stray}'");
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            foreach (var child in node.GetChildren())
            {
                Check(child, type.GetGenericArguments()[1]);
            }

            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            foreach (var child in node.GetChildren())
            {
                if (!int.TryParse(child.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    throw new BadInputException(child.Path, "not a list index (a list's items are numbered 0, 1, …; in JSON, write a [ ] list)");
                }

                Check(child, type.GetGenericArguments()[0]);
            }

            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
        foreach (var child in node.GetChildren())
        {
            if (subSections?.Contains(child.Key, StringComparer.OrdinalIgnoreCase) == true)
            {
                continue;
            }

            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var known = properties.Select(p => p.Name).Concat(subSections ?? []).ToArray();
                throw new BadInputException(child.Path,
                    $"unknown setting (expected one of: {string.Join(", ", known)}){DidYouMean.Hint(child.Key, known)}");
            }

            Check(child, property.PropertyType);
        }
    }

    /// <summary>What a value of <paramref name="type"/> must be, as a user reads it: <c>'abc' is not a whole number</c>.</summary>
    public static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(ulong) || type == typeof(uint) => "a whole number of at least 0",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(double) => "a number",
            _ when type == typeof(TimeSpan) => "a duration ([d.]hh:mm:ss[.fff])",
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ => $"a {type.Name}",
        };
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);

    private static void CheckScalar(IConfigurationSection node, Type type)
    {
        if (node.GetChildren().Any())
        {
            throw new BadInputException(node.Path, "expected a value, got a section");
        }

        if (node.Value is not { Length: > 0 } value || type == typeof(string))
        {
            return;
        }

        if (type.IsEnum)
        {
            // The binder's enum converter also takes numbers, which name no member.
            if (!Enum.TryParse(type, value, ignoreCase: true, out var member) || !Enum.IsDefined(type, member!) ||
                char.IsAsciiDigit(value[0]) || value[0] == '-')
            {
                throw new BadInputException(node.Path, $"'{value}' is not {Expected(type)}");
            }

            return;
        }

        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            throw new BadInputException(node.Path, $"'{value}' is not {Expected(type)}", e);
        }
    }
}

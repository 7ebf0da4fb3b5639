package io.finpipe.testing

import java.util.regex.Pattern

/**
 * Scripted answers for `sh`. A command gets the answer of the LAST registered rule that matches it
 * (a String matches when the command contains it, a Pattern when it finds a match), else exit 0 and
 * no output. Like Jenkins, a non-zero exit fails the step unless `returnStatus: true`.
 *
 *   sh.answer('terraform plan', status: 2)
 *   sh.answer(~/terraform show -json \S+/, stdout: planJson)
 *   sh.answer('state list', stdout: ['a\n', ''])   // a list answers successive calls; the last repeats
 */
class ShellAnswers {
    private final List<Map> rules = []

    ShellAnswers answer(Map answer, Object match) {
        assert match instanceof String || match instanceof Pattern: 'match a command by String or Pattern'
        assert answer.keySet().every { it in ['status', 'stdout'] }: "answer with status: and/or stdout:, not ${answer.keySet()}"
        rules << [match: match, status: answer.status ?: 0, stdout: answer.stdout ?: '', calls: 0]
        this
    }

    /** @return [status: int, stdout: String] for this command */
    Map resultFor(String command) {
        Map rule = rules.reverse().find { matches(it.match, command) }
        if (rule == null) {
            return [status: 0, stdout: '']
        }
        int call = rule.calls++
        [status: pick(rule.status, call), stdout: pick(rule.stdout, call)]
    }

    private static boolean matches(Object match, String command) {
        match instanceof Pattern ? command =~ match : command.contains(match as String)
    }

    private static Object pick(Object answer, int call) {
        answer instanceof List ? answer[Math.min(call, answer.size() - 1)] : answer
    }
}

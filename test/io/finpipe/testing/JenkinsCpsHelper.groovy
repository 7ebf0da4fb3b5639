package io.finpipe.testing

import com.cloudbees.groovy.cps.Continuable
import com.cloudbees.groovy.cps.Continuation
import com.cloudbees.groovy.cps.Envs
import com.cloudbees.groovy.cps.Next
import com.cloudbees.groovy.cps.impl.CpsCallableInvocation
import com.lesfurets.jenkins.unit.cps.PipelineTestHelperCPS
import org.codehaus.groovy.runtime.GroovyCategorySupport

/**
 * JPU 1.1's CPS helper behaves like 2016 Jenkins. This one runs CPS code as Jenkins does today:
 * under groovy-cps' categories (CPS versions of each/collect/findAll/...) plus serializable
 * iterators, and, for closures, script bodies and nested method calls alike, checks that the program
 * state serializes whenever a step ran in it (Jenkins persists the program while steps run).
 */
class JenkinsCpsHelper extends PipelineTestHelperCPS {
    static final List<Class> CATEGORIES = Continuable.categories + [SerializableIterators]

    /** Steps and step bodies started so far: every one goes through callClosure. */
    private int closuresCalled

    @Override
    protected Object callMethod(MetaMethod method, Object delegate, Object[] args) {
        try {
            return method.doMethodInvoke(delegate, args)
        } catch (CpsCallableInvocation invocation) {
            return runCps(invocation)
        }
    }

    @Override
    protected Object runScriptInternal(Script script) {
        try {
            return script.run()
        } catch (CpsCallableInvocation invocation) {
            return runCps(invocation)
        }
    }

    @Override
    Object callClosure(Closure closure, Object[] args = null) {
        closuresCalled++
        try {
            // as PipelineTestHelper: a library step's closure takes the arguments unspread
            if (!args) {
                return closure.call()
            }
            return args.size() > closure.maximumNumberOfParameters ? closure.call(args) : closure.call(*args)
        } catch (CpsCallableInvocation invocation) {
            return runCps(invocation)
        }
    }

    private Object runCps(CpsCallableInvocation invocation) {
        GroovyCategorySupport.use(CATEGORIES) {
            Next next = invocation.invoke(Envs.empty(), null, Continuation.HALT)
            while (next.yield == null) {
                int before = closuresCalled
                Next calling = next
                next = next.step()
                if (closuresCalled != before) {
                    assertSerializable(calling)
                }
            }
            next.yield.replay()
        }
    }

    private void assertSerializable(Next next) {
        try {
            roundtripSerialization(next.e)
        } catch (NotSerializableException e) {
            throw new AssertionError("CPS program state does not serialize, as Jenkins requires: ${e.message}", e)
        }
    }
}
